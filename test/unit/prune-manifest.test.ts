/**
 * The prune manifest is written as text, key by key: it must be exactly the JSON a serialiser would
 * write, whatever the key holds (quotes, backslashes, control characters, lone surrogates).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Manifest } from '../../src/operations/prune/manifest.js';
import type { Entry } from '../../src/operations/prune/entries.js';

const time = Date.UTC(2020, 0, 2, 3, 4, 5, 678);

describe('prune Manifest', () => {
  it('writes the same JSON as JSON.stringify of each record, in order, across batches', () => {
    const entries: Entry[] = [
      { key: 'a/"quoted"\\back\nline\u0001\ud800', size: 1, time },
      { key: 'b', size: 0, time, versionId: 'v"1', deleteMarker: true },
      { key: 'c/ü/😀', size: 12_345, time, versionId: 'null' },
    ];
    const manifest = new Manifest(mkdtempSync(join(tmpdir(), 'prune-manifest-')), 'bucket');
    manifest.add(entries.slice(0, 2));
    manifest.add([]);
    manifest.add(entries.slice(2), { unconfirmed: true });
    manifest.close();
    manifest.close();
    const text = readFileSync(manifest.path, 'utf8');
    const records = entries.map((e, i) => ({
      key: e.key,
      ...(e.versionId !== undefined ? { versionId: e.versionId } : {}),
      ...(e.deleteMarker ? { deleteMarker: true } : {}),
      size: e.size,
      lastModified: '2020-01-02T03:04:05.678Z',
      ...(i === 2 ? { unconfirmed: true } : {}),
    }));
    expect(text).toBe(`[${records.map((r, i) => `${i ? ',' : ''}\n  ${JSON.stringify(r)}`).join('')}\n]\n`);
    expect(JSON.parse(text)).toEqual(records);
  });

  it('an empty manifest is an empty JSON list', () => {
    const manifest = new Manifest(mkdtempSync(join(tmpdir(), 'prune-manifest-')), 'b');
    manifest.close();
    expect(JSON.parse(readFileSync(manifest.path, 'utf8'))).toEqual([]);
  });
});
