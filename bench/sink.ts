/**
 * A fast S3-compatible sink for the benchmark: a plain `node:http` server that answers just enough of
 * the S3 API for uploaders and pruners, and counts what it receives. It never stores a body: each one
 * is streamed through a byte counter (and, in MD5 mode, an MD5 hash for the ETag, as S3 computes it),
 * so what is measured is the client's cost, not a store's. Objects are remembered as key → size (and
 * MD5) only, which is what the correctness guard compares with what was meant to be uploaded.
 *
 * Path-style addressing only (`/bucket/key`). Signatures are not checked.
 *
 * The real-S3 regime: `latencyMs` holds every reply that long after the request was read (S3 answers
 * in ~10–40 ms from a CI runner), and `connectionBytesPerSecond` paces the body bytes each TCP
 * connection may deliver (one connection to S3 carries ~50–100 MB/s), by pausing the request stream.
 */
import { createHash, type Hash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

export interface SyntheticListing {
  /** Keys `${prefix}${000000…}` are listed as if they existed; nothing is stored for them. */
  prefix: string;
  count: number;
  size: number;
  lastModified: Date;
}

export interface StoredObject {
  size: number;
  /** Hex MD5 of the body (MD5 mode, single-part uploads only). */
  md5?: string;
  /** The ETag the upload was answered with, unquoted. */
  etag: string;
  parts: number;
}

interface Upload {
  key: string;
  parts: Map<number, { size: number; md5?: Buffer }>;
}

/** What one run sent to the sink. */
export interface SinkCounters {
  requests: number;
  /** Requests per S3 operation name. */
  byOperation: Record<string, number>;
  /** Body bytes on the wire (including aws-chunked framing). */
  wireBytes: number;
  /** Object payload bytes (PutObject and UploadPart bodies, decoded). */
  payloadBytes: number;
  /** Keys acknowledged by DeleteObject/DeleteObjects. */
  deleteKeys: number;
  /** Client-sent Content-MD5 headers that did not match the body (MD5 mode only). */
  badDigests: number;
  errors: number;
  /** TCP connections the sink accepted. */
  connections: number;
}

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const PAD = 7;

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=…]\r\n<data>\r\n … 0\r\n<trailers>\r\n`),
 * passing the payload on as it streams.
 */
class AwsChunkedDecoder {
  private state: 'size' | 'data' | 'crlf' | 'trailer' = 'size';
  private line = '';
  private remaining = 0;
  private crlfLeft = 0;

  constructor(private readonly onData: (chunk: Buffer) => void) {}

  push(buf: Buffer): void {
    let i = 0;
    while (i < buf.length) {
      if (this.state === 'size') {
        const nl = buf.indexOf(0x0a, i);
        const end = nl < 0 ? buf.length : nl;
        this.line += buf.toString('latin1', i, end);
        i = end;
        if (nl < 0) return;
        i++; // the \n
        const size = parseInt(this.line.split(';')[0]!.trim(), 16);
        this.line = '';
        if (!Number.isFinite(size)) throw new Error('bad aws-chunked size line');
        if (size === 0) this.state = 'trailer';
        else {
          this.remaining = size;
          this.state = 'data';
        }
      } else if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i);
        this.onData(buf.subarray(i, i + n));
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) {
          this.state = 'crlf';
          this.crlfLeft = 2;
        }
      } else if (this.state === 'crlf') {
        const n = Math.min(this.crlfLeft, buf.length - i);
        this.crlfLeft -= n;
        i += n;
        if (this.crlfLeft === 0) this.state = 'size';
      } else return; // trailers (checksums): not needed
    }
  }
}

function emptyCounters(): SinkCounters {
  return {
    requests: 0,
    byOperation: {},
    wireBytes: 0,
    payloadBytes: 0,
    deleteKeys: 0,
    badDigests: 0,
    errors: 0,
    connections: 0,
  };
}

export class Sink {
  md5 = true;
  synthetic?: SyntheticListing;
  counters: SinkCounters = emptyCounters();
  /** process.hrtime.bigint() of the first request since the last reset. */
  firstRequestAt?: bigint;
  readonly objects = new Map<string, StoredObject>();
  /** Distinct synthetic keys deleted since the last reset. */
  readonly deletedSynthetic = new Set<string>();
  private readonly uploads = new Map<string, Upload>();
  private uploadSeq = 0;
  private fakeEtagSeq = 0;
  private server?: Server;
  port = 0;
  /** Milliseconds every reply is held after its request was read (0: none). */
  latencyMs = 0;
  /** Body bytes per second one connection may deliver (0: unlimited). */
  connectionBytesPerSecond = 0;
  /** When each connection may deliver its next byte, in ms of performance.now(). */
  private readonly pace = new WeakMap<Socket, number>();
  /** For debugging a client: called with every request before it is handled. */
  onRequest?: (req: IncomingMessage) => void;

  /** `tls`: serve HTTPS with this key and certificate (for 127.0.0.1) instead of plain HTTP. */
  constructor(
    readonly bucket: string,
    private readonly tls?: { key: Buffer; cert: Buffer },
  ) {}

  get endpoint(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => {
      this.handle(req, res).catch((err: unknown) => {
        this.counters.errors++;
        if (!res.headersSent) void this.error(res, 500, 'InternalError', String(err));
        else res.destroy();
      });
    };
    const options = { keepAliveTimeout: 60_000, requestTimeout: 0 };
    this.server = this.tls
      ? createTlsServer({ ...options, key: this.tls.key, cert: this.tls.cert }, handler)
      : createServer(options, handler);
    this.server.on('connection', () => this.counters.connections++);
    // No 100-continue listener: node answers `Expect: 100-continue` itself.
    this.server.maxHeadersCount = 200;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Forgets every object, upload and counter (between runs). */
  reset(): void {
    this.counters = emptyCounters();
    this.firstRequestAt = undefined;
    this.objects.clear();
    this.uploads.clear();
    this.deletedSynthetic.clear();
  }

  /** Closes idle keep-alive sockets left by the previous client, so no run inherits them. */
  closeIdle(): void {
    this.server?.closeIdleConnections();
  }

  syntheticKey(i: number): string {
    return `${this.synthetic!.prefix}${String(i).padStart(PAD, '0')}`;
  }

  // ---- plumbing ----------------------------------------------------------------------------------

  private count(op: string): void {
    this.counters.byOperation[op] = (this.counters.byOperation[op] ?? 0) + 1;
  }

  /** Holds the reply `latencyMs`, as a distant store would. */
  private async later(): Promise<void> {
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
  }

  /** Pauses the request while its connection is ahead of `connectionBytesPerSecond`. */
  private paced(req: IncomingMessage, bytes: number): void {
    if (this.connectionBytesPerSecond <= 0) return;
    const now = performance.now();
    const free =
      Math.max(this.pace.get(req.socket) ?? now, now) + (bytes / this.connectionBytesPerSecond) * 1000;
    this.pace.set(req.socket, free);
    if (free - now > 2) {
      req.pause();
      setTimeout(() => req.resume(), free - now);
    }
  }

  private async send(
    res: ServerResponse,
    status: number,
    body = '',
    headers: Record<string, string> = {},
  ): Promise<void> {
    await this.later();
    const payload = body ? `<?xml version="1.0" encoding="UTF-8"?>\n${body}` : '';
    res.writeHead(status, {
      'x-amz-request-id': 'BENCHSINK',
      ...(payload ? { 'content-type': 'application/xml' } : {}),
      'content-length': String(Buffer.byteLength(payload)),
      ...headers,
    });
    res.end(payload);
  }

  private error(res: ServerResponse, status: number, code: string, message: string): Promise<void> {
    return this.send(
      res,
      status,
      `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`,
    );
  }

  /** Reads a small (XML) body whole. */
  private async text(req: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const c of req) {
      this.counters.wireBytes += (c as Buffer).length;
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  /** Streams an object body through the counters (and MD5); nothing is kept. */
  private async consume(req: IncomingMessage): Promise<{ size: number; md5?: Buffer }> {
    const hash: Hash | undefined = this.md5 ? createHash('md5') : undefined;
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      hash?.update(chunk);
    };
    const encoding = String(req.headers['content-encoding'] ?? '');
    const sha = String(req.headers['x-amz-content-sha256'] ?? '');
    const chunked = encoding.includes('aws-chunked') || sha.startsWith('STREAMING-');
    const decoder = chunked ? new AwsChunkedDecoder(onData) : undefined;
    // 'data' events rather than async iteration: less overhead per chunk on a 1 GiB body.
    await new Promise<void>((resolve, reject) => {
      req.on('data', (buf: Buffer) => {
        this.counters.wireBytes += buf.length;
        this.paced(req, buf.length);
        try {
          if (decoder) decoder.push(buf);
          else onData(buf);
        } catch (err) {
          req.destroy();
          reject(err);
        }
      });
      req.on('end', resolve);
      req.on('error', reject);
    });
    this.counters.payloadBytes += size;
    return { size, md5: hash?.digest() };
  }

  /** The ETag S3 would give (MD5 mode), or — without MD5 — the client's own Content-MD5, or a made-up one. */
  private etagFor(req: IncomingMessage, md5: Buffer | undefined): string {
    if (md5) return md5.toString('hex');
    const declared = req.headers['content-md5'];
    if (typeof declared === 'string' && declared) return Buffer.from(declared, 'base64').toString('hex');
    return (++this.fakeEtagSeq).toString(16).padStart(32, '0');
  }

  private checkDigest(req: IncomingMessage, md5: Buffer | undefined): boolean {
    const declared = req.headers['content-md5'];
    if (!md5 || typeof declared !== 'string' || !declared) return true;
    if (Buffer.from(declared, 'base64').equals(md5)) return true;
    this.counters.badDigests++;
    return false;
  }

  // ---- routing -----------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.firstRequestAt ??= process.hrtime.bigint();
    this.counters.requests++;
    this.onRequest?.(req);
    const url = new URL(req.url ?? '/', 'http://sink');
    const q = url.searchParams;
    // The JS SDK names the operation in the query (`?x-id=PutObject`); S3 ignores it.
    q.delete('x-id');
    const path = url.pathname.replace(/^\/+/, '');
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    const method = req.method ?? 'GET';

    if (!bucket) {
      this.count('ListBuckets');
      await this.text(req);
      return this.send(
        res,
        200,
        `<ListAllMyBucketsResult xmlns="${XMLNS}"><Owner><ID>bench</ID></Owner><Buckets><Bucket><Name>${this.bucket}</Name><CreationDate>2020-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>`,
      );
    }
    if (bucket !== this.bucket) {
      this.count('Other');
      await this.text(req);
      return this.error(res, 404, 'NoSuchBucket', `The bucket ${bucket} does not exist`);
    }

    if (!key) return this.bucketRequest(method, q, req, res);

    if (method === 'PUT' && q.has('uploadId')) return this.uploadPart(key, q, req, res);
    if (method === 'PUT' && req.headers['x-amz-copy-source']) {
      this.count('CopyObject');
      await this.text(req);
      return this.error(res, 501, 'NotImplemented', 'CopyObject is not implemented by the sink');
    }
    if (method === 'PUT' && [...q.keys()].length === 0) return this.putObject(key, req, res);
    if (method === 'POST' && q.has('uploads')) {
      this.count('CreateMultipartUpload');
      await this.text(req);
      const id = `upload-${++this.uploadSeq}`;
      this.uploads.set(id, { key, parts: new Map() });
      return this.send(
        res,
        200,
        `<InitiateMultipartUploadResult xmlns="${XMLNS}"><Bucket>${this.bucket}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`,
      );
    }
    if (method === 'POST' && q.has('uploadId')) return this.complete(key, q, req, res);
    if (method === 'DELETE' && q.has('uploadId')) {
      this.count('AbortMultipartUpload');
      await this.text(req);
      this.uploads.delete(q.get('uploadId')!);
      return this.send(res, 204);
    }
    if (method === 'DELETE') {
      this.count('DeleteObject');
      await this.text(req);
      this.deleted(key);
      return this.send(res, 204);
    }
    if (method === 'HEAD') {
      this.count('HeadObject');
      await this.text(req);
      const o = this.objects.get(key);
      await this.later();
      if (!o) {
        res.writeHead(404, { 'x-amz-request-id': 'BENCHSINK' });
        return void res.end();
      }
      res.writeHead(200, {
        'content-length': String(o.size),
        etag: `"${o.etag}"`,
        'last-modified': new Date().toUTCString(),
        'content-type': 'application/octet-stream',
      });
      return void res.end();
    }
    if (method === 'GET') {
      this.count('GetObject');
      await this.text(req);
      return this.error(res, 404, 'NoSuchKey', 'The sink keeps no bodies');
    }
    this.count('Other');
    await this.text(req);
    return this.error(res, 501, 'NotImplemented', `${method} ${url.pathname}${url.search}`);
  }

  private async bucketRequest(
    method: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (method === 'POST' && q.has('delete')) return this.deleteObjects(req, res);
    const body = await this.text(req);
    void body;
    if (method === 'HEAD') {
      this.count('HeadBucket');
      await this.later();
      res.writeHead(200, { 'x-amz-request-id': 'BENCHSINK', 'x-amz-bucket-region': 'us-east-1' });
      return void res.end();
    }
    if (method === 'PUT' && [...q.keys()].length === 0) {
      this.count('CreateBucket');
      return this.send(res, 200, '', { location: `/${this.bucket}` });
    }
    if (method === 'GET' && q.has('location')) {
      this.count('GetBucketLocation');
      return this.send(res, 200, `<LocationConstraint xmlns="${XMLNS}"></LocationConstraint>`);
    }
    if (method === 'GET' && q.has('versioning')) {
      this.count('GetBucketVersioning');
      return this.send(res, 200, `<VersioningConfiguration xmlns="${XMLNS}"/>`);
    }
    if (method === 'GET' && q.has('uploads')) {
      this.count('ListMultipartUploads');
      return this.send(
        res,
        200,
        `<ListMultipartUploadsResult xmlns="${XMLNS}"><Bucket>${this.bucket}</Bucket><KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads><IsTruncated>false</IsTruncated></ListMultipartUploadsResult>`,
      );
    }
    const subresources = [...q.keys()].filter(
      (k) =>
        !['list-type', 'prefix', 'delimiter', 'marker', 'max-keys', 'continuation-token'].includes(k) &&
        !['start-after', 'encoding-type', 'fetch-owner'].includes(k),
    );
    if (method === 'GET' && subresources.length === 0) return this.list(q, res);
    this.count('Other');
    return this.error(res, 501, 'NotImplemented', `bucket ${method} ?${subresources.join('&')}`);
  }

  private async putObject(key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.count('PutObject');
    const { size, md5 } = await this.consume(req);
    if (!this.checkDigest(req, md5)) return this.error(res, 400, 'BadDigest', 'Content-MD5 mismatch');
    const etag = this.etagFor(req, md5);
    this.objects.set(key, { size, md5: md5?.toString('hex'), etag, parts: 1 });
    return this.send(res, 200, '', { etag: `"${etag}"` });
  }

  private async uploadPart(
    key: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.count('UploadPart');
    const { size, md5 } = await this.consume(req);
    const upload = this.uploads.get(q.get('uploadId')!);
    const part = Number(q.get('partNumber'));
    if (!upload || upload.key !== key)
      return this.error(res, 404, 'NoSuchUpload', 'The specified upload does not exist');
    if (!Number.isInteger(part) || part < 1 || part > 10_000)
      return this.error(res, 400, 'InvalidArgument', 'Part number must be 1-10000');
    if (!this.checkDigest(req, md5)) return this.error(res, 400, 'BadDigest', 'Content-MD5 mismatch');
    const etag = this.etagFor(req, md5);
    upload.parts.set(part, { size, md5: md5 ?? Buffer.from(etag, 'hex') });
    return this.send(res, 200, '', { etag: `"${etag}"` });
  }

  private async complete(
    key: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    this.count('CompleteMultipartUpload');
    const body = await this.text(req);
    const id = q.get('uploadId')!;
    const upload = this.uploads.get(id);
    if (!upload || upload.key !== key)
      return this.error(res, 404, 'NoSuchUpload', 'The specified upload does not exist');
    const numbers = [...body.matchAll(/<PartNumber>\s*(\d+)\s*<\/PartNumber>/g)].map((m) => Number(m[1]));
    let size = 0;
    const md5s: Buffer[] = [];
    for (const n of numbers) {
      const part = upload.parts.get(n);
      if (!part) return this.error(res, 400, 'InvalidPart', `Part ${n} was not uploaded`);
      size += part.size;
      if (part.md5) md5s.push(part.md5);
    }
    if (numbers.length === 0) return this.error(res, 400, 'MalformedXML', 'No parts');
    this.uploads.delete(id);
    const etag = `${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${numbers.length}`;
    this.objects.set(key, { size, etag, parts: numbers.length });
    return this.send(
      res,
      200,
      `<CompleteMultipartUploadResult xmlns="${XMLNS}"><Location>${this.endpoint}/${this.bucket}/${xmlEscape(key)}</Location><Bucket>${this.bucket}</Bucket><Key>${xmlEscape(key)}</Key><ETag>"${etag}"</ETag></CompleteMultipartUploadResult>`,
    );
  }

  private deleted(key: string): void {
    this.counters.deleteKeys++;
    const s = this.synthetic;
    if (s && key.startsWith(s.prefix)) {
      const rest = key.slice(s.prefix.length);
      if (/^\d+$/.test(rest) && rest.length === PAD && Number(rest) < s.count) this.deletedSynthetic.add(key);
    }
    this.objects.delete(key);
  }

  private async deleteObjects(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.count('DeleteObjects');
    const body = await this.text(req);
    const keys = [...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) =>
      m[1]!.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, (e) =>
        e === '&amp;'
          ? '&'
          : e === '&lt;'
            ? '<'
            : e === '&gt;'
              ? '>'
              : e === '&quot;'
                ? '"'
                : e === '&apos;'
                  ? "'"
                  : String.fromCharCode(Number(e.slice(2, -1))),
      ),
    );
    if (keys.length > 1000) return this.error(res, 400, 'MalformedXML', 'More than 1000 keys');
    for (const k of keys) this.deleted(k);
    const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(body);
    const entries = quiet ? '' : keys.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('');
    return this.send(res, 200, `<DeleteResult xmlns="${XMLNS}">${entries}</DeleteResult>`);
  }

  /** The keys a listing covers: the synthetic ones, or the (few) objects received in this run. */
  private keySpace(prefix: string): { size: number; key(i: number): string; entry(i: number): string } {
    const s = this.synthetic;
    if (s && (prefix.startsWith(s.prefix) || s.prefix.startsWith(prefix))) {
      const lastModified = s.lastModified.toISOString();
      return {
        size: s.count,
        key: (i) => this.syntheticKey(i),
        entry: (i) =>
          `<Contents><Key>${xmlEscape(this.syntheticKey(i))}</Key><LastModified>${lastModified}</LastModified><ETag>"${'0'.repeat(32)}"</ETag><Size>${s.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
      };
    }
    const keys = [...this.objects.keys()].sort();
    const now = new Date().toISOString();
    return {
      size: keys.length,
      key: (i) => keys[i]!,
      entry: (i) => {
        const o = this.objects.get(keys[i]!)!;
        return `<Contents><Key>${xmlEscape(keys[i]!)}</Key><LastModified>${now}</LastModified><ETag>"${o.etag}"</ETag><Size>${o.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
      },
    };
  }

  /** ListObjectsV2 (`list-type=2`) and ListObjects (v1), paginated by key, with an optional delimiter. */
  private list(q: URLSearchParams, res: ServerResponse): Promise<void> {
    const v2 = q.get('list-type') === '2';
    this.count(v2 ? 'ListObjectsV2' : 'ListObjects');
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeys = Math.min(1000, Math.max(0, Number(q.get('max-keys') ?? 1000) || 1000));
    const after = v2
      ? q.get('continuation-token')
        ? Buffer.from(q.get('continuation-token')!, 'base64url').toString('utf8')
        : (q.get('start-after') ?? '')
      : (q.get('marker') ?? '');
    const space = this.keySpace(prefix);
    // First index whose key sorts after `after` (keys are in sorted order).
    let lo = 0;
    let hi = space.size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (space.key(mid) <= after) lo = mid + 1;
      else hi = mid;
    }
    const contents: string[] = [];
    const common: string[] = [];
    let last = '';
    let truncated = false;
    for (let i = lo; i < space.size; i++) {
      const k = space.key(i);
      if (!k.startsWith(prefix)) continue;
      if (contents.length + common.length >= maxKeys) {
        truncated = true;
        break;
      }
      const rest = k.slice(prefix.length);
      const cut = delimiter ? rest.indexOf(delimiter) : -1;
      if (cut >= 0) {
        const cp = prefix + rest.slice(0, cut + delimiter.length);
        if (common[common.length - 1] !== cp) common.push(cp);
        last = cp;
        // Skip the rest of this common prefix.
        while (i + 1 < space.size && space.key(i + 1).startsWith(cp)) i++;
        last = space.key(i);
        continue;
      }
      contents.push(space.entry(i));
      last = k;
    }
    const commonXml = common
      .map((p) => `<CommonPrefixes><Prefix>${xmlEscape(p)}</Prefix></CommonPrefixes>`)
      .join('');
    const head = `<Name>${this.bucket}</Name><Prefix>${xmlEscape(prefix)}</Prefix><MaxKeys>${maxKeys}</MaxKeys>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}<IsTruncated>${truncated}</IsTruncated>`;
    const body = v2
      ? `<ListBucketResult xmlns="${XMLNS}">${head}<KeyCount>${contents.length + common.length}</KeyCount>${q.get('continuation-token') ? `<ContinuationToken>${xmlEscape(q.get('continuation-token')!)}</ContinuationToken>` : ''}${truncated ? `<NextContinuationToken>${Buffer.from(last).toString('base64url')}</NextContinuationToken>` : ''}${contents.join('')}${commonXml}</ListBucketResult>`
      : `<ListBucketResult xmlns="${XMLNS}">${head}<Marker>${xmlEscape(after)}</Marker>${truncated ? `<NextMarker>${xmlEscape(last)}</NextMarker>` : ''}${contents.join('')}${commonXml}</ListBucketResult>`;
    return this.send(res, 200, body);
  }
}
