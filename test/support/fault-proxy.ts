/**
 * A scriptable fault-injecting HTTP proxy for integration tests: it sits on loopback between the
 * bundle (`endpoint-url`) and moto_server, records every request with its service and operation, and
 * applies the first rule that matches it: answer an AWS error (in the body format of the request's
 * protocol), drop the connection while the request body arrives, reset it before or after moto did
 * the work, cut the answer's body after moto did the work, answer late, hold it forever, or read the body slowly. Unmatched requests are forwarded.
 *
 * Rules match on method, service, operation, path, query and a predicate, and count: `skip` lets the
 * first matches through, `times` limits how many are hit — e.g. "fail the first 2 UploadPart calls
 * with 503 SlowDown" is `add({ operation: 'UploadPart', times: 2, fault: slowDown() })`.
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export type Service = 's3' | 'sts' | 'secretsmanager' | 'other';

export interface SeenRequest {
  /** 1, 2, … in arrival order. */
  seq: number;
  method: string;
  /** As sent: path and query string. */
  path: string;
  service: Service;
  operation: string;
  /** Request body bytes received by the proxy. */
  bytesIn: number;
  /** The answer's status; undefined while in flight, held, or when no answer was given. */
  status?: number;
  /** The fault applied, if any. */
  injected?: Fault['kind'];
  /** Held (never answered) by a `hold` rule. */
  held?: boolean;
  /** The answer's body when it was an error (forwarded or injected). */
  error?: string;
  /** The proxy is finished with it: answered, cut, or the client went away. */
  done: boolean;
}

export type Fault =
  /** Answers an AWS error without forwarding: nothing happened on the server. */
  | { kind: 'error'; status: number; code: string; message?: string }
  /** Closes the connection once `afterBytes` of the request body arrived (a dropped upload). */
  | { kind: 'drop'; afterBytes?: number }
  /** Reads the whole request, then closes the connection unanswered; nothing reached the server. */
  | { kind: 'reset' }
  /** Forwards, then cuts the answer half way (before the headers when it has no body): the server did the work, the reply is lost. */
  | { kind: 'lose-reply' }
  /**
   * Forwards, then sends the status, the headers and the first half of the body, and ends the answer
   * there as if it were whole (re-framed as chunked, the length header dropped): the server did the
   * work, and the client gets a complete-looking answer it cannot read, as from a middlebox that cut it.
   */
  | { kind: 'cut-reply' }
  /** Waits `ms`, then forwards (unless the client gave up meanwhile): the request arrives late. */
  | { kind: 'delay'; ms: number }
  /** Forwards at once, and holds the answer `ms`: the server did the work, the reply is late. */
  | { kind: 'slow-reply'; ms: number }
  /** Never answers: a link slowed to a stop. */
  | { kind: 'hold' }
  /** Reads the request body at `bytesPerSecond`, then forwards: a slow uplink. */
  | { kind: 'throttle'; bytesPerSecond: number };

export interface FaultRule {
  method?: string;
  service?: Service;
  operation?: string | RegExp;
  /** Matched against the decoded path (without the query). */
  path?: string | RegExp;
  /** Query parameters the request must carry: `true` for presence, a string for that value. */
  query?: Record<string, string | true>;
  where?: (r: SeenRequest) => boolean;
  /** Let the first `skip` matching requests through untouched. */
  skip?: number;
  /** Apply the fault to this many matching requests (after `skip`), then stop matching; default: all. */
  times?: number;
  fault: Fault;
}

export interface RuleHandle {
  /** Matching requests seen, including skipped ones. */
  readonly matched: number;
  /** Requests the fault was applied to. */
  readonly applied: number;
}

export interface FaultProxy {
  endpoint: string;
  requests: SeenRequest[];
  /** Adds a rule; earlier rules are tried first. */
  add(rule: FaultRule): RuleHandle;
  /** Removes every rule: everything is forwarded again. */
  clear(): void;
  /** Resolves with the first request (seen before or after) matching `predicate` at a state change. */
  waitFor(predicate: (r: SeenRequest) => boolean, timeoutMs?: number): Promise<SeenRequest>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------------
// What a request is

/** Bucket sub-resources by query parameter, and the operation's noun. */
const BUCKET_SUBRESOURCES: Record<string, string> = {
  versioning: 'BucketVersioning',
  encryption: 'BucketEncryption',
  publicAccessBlock: 'PublicAccessBlock',
  ownershipControls: 'BucketOwnershipControls',
  tagging: 'BucketTagging',
  lifecycle: 'BucketLifecycleConfiguration',
  location: 'BucketLocation',
  policy: 'BucketPolicy',
};
const VERB: Record<string, string> = { GET: 'Get', PUT: 'Put', DELETE: 'Delete' };

/** The S3 operation of a path-style REST request (`POST /b/k?uploads` → `CreateMultipartUpload`). */
export function s3OperationOf(method: string, path: string): string {
  const url = new URL(path, 'http://proxy');
  const q = url.searchParams;
  const rest = url.pathname.slice(1);
  if (rest === '') return method === 'GET' ? 'ListBuckets' : `${method} /`;
  const slash = rest.indexOf('/');
  if (slash < 0 || slash === rest.length - 1) {
    if (method === 'POST' && q.has('delete')) return 'DeleteObjects';
    if (method === 'GET' && q.has('uploads')) return 'ListMultipartUploads';
    if (method === 'GET' && q.has('versions')) return 'ListObjectVersions';
    const sub = Object.keys(BUCKET_SUBRESOURCES).find((k) => q.has(k));
    if (sub && VERB[method]) return `${VERB[method]}${BUCKET_SUBRESOURCES[sub]}`;
    if (method === 'GET') return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
    return { HEAD: 'HeadBucket', PUT: 'CreateBucket', DELETE: 'DeleteBucket' }[method] ?? `${method} bucket`;
  }
  if (method === 'POST' && q.has('uploads')) return 'CreateMultipartUpload';
  if (method === 'POST' && q.has('uploadId')) return 'CompleteMultipartUpload';
  if (method === 'PUT' && q.has('partNumber')) return 'UploadPart';
  if (method === 'DELETE' && q.has('uploadId')) return 'AbortMultipartUpload';
  if (method === 'GET' && q.has('uploadId')) return 'ListParts';
  if (q.has('tagging') && VERB[method]) return `${VERB[method]}ObjectTagging`;
  return (
    { PUT: 'PutObject', HEAD: 'HeadObject', GET: 'GetObject', DELETE: 'DeleteObject' }[method] ??
    `${method} object`
  );
}

type Protocol = 'json' | 'query' | 'rest-xml';

interface Identity {
  service: Service;
  protocol: Protocol;
  /** Undefined when only the body can tell (the query protocol's `Action`). */
  operation?: string;
}

function identify(method: string, path: string, headers: IncomingHttpHeaders): Identity {
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const [prefix = '', operation = target] = target.split('.');
    return {
      service: /secretsmanager/i.test(prefix)
        ? 'secretsmanager'
        : /sts|SecurityToken/i.test(prefix)
          ? 'sts'
          : 'other',
      protocol: 'json',
      operation,
    };
  }
  if (method === 'POST' && /x-www-form-urlencoded/.test(String(headers['content-type'] ?? '')))
    return { service: 'sts', protocol: 'query' };
  return { service: 's3', protocol: 'rest-xml', operation: s3OperationOf(method, path) };
}

// ---------------------------------------------------------------------------------------------------
// Error answers, as each protocol sends them

let errorSerial = 0;

/** Status, headers and body of an AWS error in the request's protocol. */
function errorAnswer(
  protocol: Protocol,
  requestHeaders: IncomingHttpHeaders,
  fault: Extract<Fault, { kind: 'error' }>,
): { headers: Record<string, string>; body: string } {
  const requestId = `fault-${++errorSerial}`;
  const message = fault.message ?? 'Injected by the test fault proxy.';
  const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  if (protocol === 'json')
    return {
      // Secrets Manager (JSON 1.1) and other JSON services: `__type` and the error type header.
      headers: {
        'content-type': String(requestHeaders['content-type'] ?? 'application/x-amz-json-1.1'),
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': `${fault.code}:`,
      },
      body: JSON.stringify({ __type: fault.code, message }),
    };
  if (protocol === 'query')
    return {
      // STS (the query protocol): `<ErrorResponse>` with the fault's side.
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${fault.status >= 500 ? 'Receiver' : 'Sender'}</Type><Code>${xml(fault.code)}</Code><Message>${xml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
    };
  return {
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${xml(fault.code)}</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId><HostId>fault-proxy</HostId></Error>`,
  };
}

/** S3 `503 SlowDown`; throttling in the other services' words. */
export const slowDown = (): Fault => ({
  kind: 'error',
  status: 503,
  code: 'SlowDown',
  message: 'Please reduce your request rate.',
});
export const internalError = (): Fault => ({
  kind: 'error',
  status: 500,
  code: 'InternalError',
  message: 'We encountered an internal error. Please try again.',
});
/** Secrets Manager's 5xx. */
export const internalServiceError = (): Fault => ({
  kind: 'error',
  status: 500,
  code: 'InternalServiceError',
  message: 'An error occurred on the server side.',
});
/** Secrets Manager's and STS's throttling (HTTP 400 with a throttling code). */
export const throttling = (code: 'ThrottlingException' | 'Throttling'): Fault => ({
  kind: 'error',
  status: 400,
  code,
  message: 'Rate exceeded',
});

// ---------------------------------------------------------------------------------------------------
// The proxy

interface ActiveRule {
  rule: FaultRule;
  matched: number;
  applied: number;
}

function matches(rule: FaultRule, r: SeenRequest): boolean {
  const url = new URL(r.path, 'http://proxy');
  const path = decodeURIComponent(url.pathname);
  if (rule.method && rule.method !== r.method) return false;
  if (rule.service && rule.service !== r.service) return false;
  if (rule.operation !== undefined) {
    if (
      typeof rule.operation === 'string' ? rule.operation !== r.operation : !rule.operation.test(r.operation)
    )
      return false;
  }
  if (rule.path !== undefined && (typeof rule.path === 'string' ? rule.path !== path : !rule.path.test(path)))
    return false;
  for (const [name, want] of Object.entries(rule.query ?? {}))
    if (want === true ? !url.searchParams.has(name) : url.searchParams.get(name) !== want) return false;
  return rule.where ? rule.where(r) : true;
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(upstream.hostname))
    throw new Error(`the fault proxy only forwards to loopback, not ${upstream.hostname}`);
  const requests: SeenRequest[] = [];
  const rules: ActiveRule[] = [];
  const waiters: Array<{ predicate: (r: SeenRequest) => boolean; resolve: (r: SeenRequest) => void }> = [];
  const open = new Set<ServerResponse>();
  // Its own agent, so that closing the proxy closes its connections to moto too.
  const agent = new Agent({ keepAlive: true });

  const notify = (r: SeenRequest): void => {
    for (const w of [...waiters])
      if (w.predicate(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(r);
      }
  };
  const finish = (r: SeenRequest, changes: Partial<SeenRequest> = {}): void => {
    Object.assign(r, changes, { done: true });
    notify(r);
  };
  const decide = (r: SeenRequest): Fault | undefined => {
    for (const active of rules) {
      if (!matches(active.rule, r)) continue;
      active.matched++;
      if (active.matched <= (active.rule.skip ?? 0)) continue;
      if (active.rule.times !== undefined && active.applied >= active.rule.times) continue;
      active.applied++;
      return active.rule.fault;
    }
    return undefined;
  };

  const forward = (
    req: IncomingMessage,
    res: ServerResponse,
    record: SeenRequest,
    body: Buffer,
    fault?: Fault,
  ): void => {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: record.path,
        headers: req.headers,
        agent,
      },
      (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', async () => {
          const answer = Buffer.concat(parts);
          const status = up.statusCode ?? 502;
          const error = status >= 300 ? answer.toString('utf8') : undefined;
          if (fault?.kind === 'slow-reply') await new Promise((r) => setTimeout(r, fault.ms).unref());
          if (res.destroyed) return finish(record, { error });
          if (fault?.kind === 'lose-reply') {
            // The server has done the work; the client never learns it.
            if (answer.length > 1) {
              res.writeHead(status, up.headers);
              res.write(answer.subarray(0, answer.length >> 1), () => res.destroy());
            } else res.destroy();
            return finish(record, { error });
          }
          if (fault?.kind === 'cut-reply') {
            const { 'content-length': _length, ...headers } = up.headers;
            res.writeHead(status, { ...headers, 'transfer-encoding': 'chunked' });
            res.end(answer.subarray(0, answer.length >> 1));
            return finish(record, { status, error });
          }
          res.writeHead(status, up.headers).end(answer);
          finish(record, { status, error });
        });
      },
    );
    out.on('error', (e) => {
      if (!res.destroyed) res.writeHead(502).end(String(e));
      finish(record, { status: 502, error: String(e) });
    });
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    const identity = identify(req.method ?? 'GET', path, req.headers);
    const record: SeenRequest = {
      seq: requests.length + 1,
      method: req.method ?? 'GET',
      path,
      service: identity.service,
      operation: identity.operation ?? '?',
      bytesIn: 0,
      done: false,
    };
    requests.push(record);
    open.add(res);
    // Answered, cut, or the client gave up (on a held or late request).
    res.on('close', () => {
      open.delete(res);
      if (!record.done) finish(record);
    });
    // Known from the headers: decide now, so a fault can act while the body is still arriving.
    let fault = identity.operation !== undefined ? decide(record) : undefined;
    let decided = identity.operation !== undefined;

    const chunks: Buffer[] = [];
    let started = Date.now();
    req.on('data', (c: Buffer) => {
      if (record.bytesIn === 0) started = Date.now();
      record.bytesIn += c.length;
      chunks.push(c);
      if (fault?.kind === 'drop' && record.bytesIn >= (fault.afterBytes ?? 1)) {
        record.injected = 'drop';
        req.socket.destroy();
        finish(record);
      } else if (fault?.kind === 'throttle') {
        const due = started + (record.bytesIn / fault.bytesPerSecond) * 1000;
        const wait = due - Date.now();
        if (wait > 5) {
          req.pause();
          setTimeout(() => req.resume(), wait).unref();
        }
      }
    });
    req.on('end', () => {
      if (record.done) return;
      const body = Buffer.concat(chunks);
      if (!decided) {
        record.operation = new URLSearchParams(body.toString('utf8')).get('Action') ?? '?';
        fault = decide(record);
        decided = true;
      }
      if (fault) record.injected = fault.kind;
      switch (fault?.kind) {
        case 'error': {
          const answer = errorAnswer(identity.protocol, req.headers, fault);
          res.writeHead(fault.status, answer.headers).end(answer.body);
          return finish(record, { status: fault.status, error: answer.body });
        }
        case 'drop': // a body shorter than `afterBytes`: drop it all the same
        case 'reset':
          req.socket.destroy();
          return finish(record);
        case 'hold':
          record.held = true;
          return notify(record);
        case 'delay':
          notify(record);
          setTimeout(() => {
            if (res.destroyed) return finish(record);
            forward(req, res, record, body);
          }, fault.ms).unref();
          return;
        default:
          notify(record);
          return forward(req, res, record, body, fault);
      }
    });
  });

  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    add(rule) {
      const active: ActiveRule = { rule, matched: 0, applied: 0 };
      rules.push(active);
      return {
        get matched() {
          return active.matched;
        },
        get applied() {
          return active.applied;
        },
      };
    },
    clear() {
      rules.length = 0;
    },
    waitFor(predicate, timeoutMs = 30_000) {
      const seen = requests.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (r: SeenRequest) => {
            clearTimeout(timer);
            resolve(r);
          },
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`waitFor: no matching request within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    close: () =>
      new Promise((resolve) => {
        for (const res of open) res.destroy();
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
