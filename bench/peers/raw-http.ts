/**
 * The machine's ceiling: a raw `node:http` client with keep-alive sockets and no signing, no
 * checksums, no retries — the least work any uploader could do against the same sink. Every other
 * figure is shown as a fraction of what this reaches.
 *
 * Usage: node raw-http.mjs files <endpoint> <bucket> <dir> <key-prefix>   (read + PUT, 8 in flight)
 *        node raw-http.mjs big <endpoint> <bucket> <file> <key>          (one streamed PUT)
 *        node raw-http.mjs prune <endpoint> <bucket> <prefix>            (list pages, DeleteObjects)
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';

const [mode, endpoint, bucket, source, target] = process.argv.slice(2);
const base = new URL(endpoint!);
const agent = new Agent({ keepAlive: true, maxSockets: 8 });

function path(key: string): string {
  return `/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;
}

function send(
  method: string,
  url: string,
  body: Buffer | Readable | undefined,
  length: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path: url,
        agent,
        headers: { 'content-length': String(length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else body.pipe(req);
  });
}

function ok(r: { status: number; text: string }, what: string): void {
  if (r.status < 200 || r.status > 299) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 200)}`);
}

async function files(dir: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const p = paths[next++]!;
      const body = await readFile(p);
      const key = prefix + relative(dir, p).split(sep).join('/');
      ok(await send('PUT', path(key), body, body.length), key);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`uploaded ${paths.length} files`);
}

async function big(file: string, key: string): Promise<void> {
  const { size } = await stat(file);
  ok(await send('PUT', path(key), createReadStream(file, { highWaterMark: 1024 * 1024 }), size), key);
  console.log(`uploaded ${file}`);
}

function unescapeXml(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (e) =>
    e === '&amp;' ? '&' : e === '&lt;' ? '<' : e === '&gt;' ? '>' : e === '&quot;' ? '"' : "'",
  );
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function prune(prefix: string): Promise<void> {
  let token: string | undefined;
  let deleted = 0;
  do {
    const q = new URLSearchParams({ 'list-type': '2', prefix });
    if (token) q.set('continuation-token', token);
    const page = await send('GET', `/${bucket}?${q}`, undefined, 0);
    ok(page, 'ListObjectsV2');
    const keys = [...page.text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => unescapeXml(m[1]!));
    if (keys.length) {
      const xml = `<Delete><Quiet>true</Quiet>${keys.map((k) => `<Object><Key>${escapeXml(k)}</Key></Object>`).join('')}</Delete>`;
      const body = Buffer.from(xml);
      const r = await send('POST', `/${bucket}?delete`, body, body.length);
      ok(r, 'DeleteObjects');
      if (r.text.includes('<Error>')) throw new Error('DeleteObjects reported errors');
      deleted += keys.length;
    }
    const truncated = /<IsTruncated>true<\/IsTruncated>/.test(page.text);
    token = truncated
      ? unescapeXml(/<NextContinuationToken>([^<]*)<\/NextContinuationToken>/.exec(page.text)?.[1] ?? '')
      : undefined;
  } while (token);
  console.log(`deleted ${deleted} objects`);
}

if (mode === 'files') await files(source!, target!);
else if (mode === 'big') await big(source!, target!);
else if (mode === 'prune') await prune(source!);
else throw new Error(`unknown mode ${mode}`);
agent.destroy();
