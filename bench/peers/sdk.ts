/**
 * Peer: what a plain AWS SDK v3 script would do, with the SDK's defaults — a PutObject loop with 8 in
 * flight for many files, `@aws-sdk/lib-storage` `Upload` for one large file, and a
 * ListObjectsV2 → DeleteObjects loop for a prune. Transpiled to plain JS and run with `node` by the
 * bench, so no TypeScript loader is timed.
 *
 * Usage: node sdk.mjs files <endpoint> <bucket> <dir> <key-prefix>
 *        node sdk.mjs big <endpoint> <bucket> <file> <key>
 *        node sdk.mjs prune <endpoint> <bucket> <prefix>
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const [mode, endpoint, bucket, source, target] = process.argv.slice(2);
const s3 = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true });

async function files(dir: string, prefix: string): Promise<void> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      const Key = prefix + relative(dir, path).split(sep).join('/');
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key, Body: await readFile(path) }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  console.log(`uploaded ${paths.length} files`);
}

async function big(file: string, key: string): Promise<void> {
  await new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: createReadStream(file) } }).done();
  console.log(`uploaded ${file}`);
}

async function prune(prefix: string): Promise<void> {
  let token: string | undefined;
  let deleted = 0;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
    );
    const keys = (page.Contents ?? []).map((o) => ({ Key: o.Key! }));
    if (keys.length) {
      const out = await s3.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }),
      );
      if (out.Errors?.length) throw new Error(`${out.Errors.length} keys were not deleted`);
      deleted += keys.length;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  console.log(`deleted ${deleted} objects`);
}

if (mode === 'files') await files(source!, target!);
else if (mode === 'big') await big(source!, target!);
else if (mode === 'prune') await prune(source!);
else throw new Error(`unknown mode ${mode}`);
s3.destroy();
