/** The files the bench uploads: random (incompressible) bytes, written once per bench run. */
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface ExpectedObject {
  size: number;
  /** Hex MD5, known for the small files. */
  md5?: string;
}

export interface SmallFiles {
  dir: string;
  /** Relative path (`/`-separated) → size and MD5. */
  expected: Map<string, ExpectedObject>;
  bytes: number;
}

/** `count` files of `size` bytes in folders of 100, like a build output tree. */
export function writeSmallFiles(root: string, count: number, size: number): SmallFiles {
  const dir = join(root, 'files');
  const expected = new Map<string, ExpectedObject>();
  const buf = Buffer.allocUnsafe(size);
  for (let i = 0; i < count; i++) {
    const folder = `d${String(Math.floor(i / 100)).padStart(2, '0')}`;
    if (i % 100 === 0) mkdirSync(join(dir, folder), { recursive: true });
    const rel = `${folder}/f${String(i % 100).padStart(3, '0')}.bin`;
    randomFillSync(buf);
    writeFileSync(join(dir, rel), buf);
    expected.set(rel, { size, md5: createHash('md5').update(buf).digest('hex') });
  }
  return { dir, expected, bytes: count * size };
}

/** One file of `size` bytes, written in 8 MiB blocks (it stays in the page cache: 24 GiB of RAM). */
export function writeBigFile(root: string, size: number): string {
  const file = join(root, 'big.bin');
  const block = Buffer.allocUnsafe(8 * 1024 * 1024);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0; written < size;) {
      const n = Math.min(block.length, size - written);
      randomFillSync(block, 0, n);
      writeSync(fd, block, 0, n);
      written += n;
    }
  } finally {
    closeSync(fd);
  }
  return file;
}
