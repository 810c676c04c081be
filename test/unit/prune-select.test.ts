import { describe, expect, it } from '@jest/globals';
import type { CommonSettings } from '../../src/inputs/common.js';
import { schemaReader } from '../../src/operations/schema.js';
import { folderOf, outsideFolder, relativeKey, type Entry } from '../../src/operations/prune/entries.js';
import { decideObject, isStreamable, select } from '../../src/operations/prune/select.js';
import { parsePrune, type PruneSettings } from '../../src/operations/prune/settings.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const OLD = NOW - 40 * DAY;
const FRESH = NOW - DAY;

function settings(inputs: Record<string, string>): PruneSettings {
  const all: Record<string, string> = { bucket: 'my-bucket', prefix: 'builds/', ...inputs };
  return parsePrune(
    schemaReader((n) => all[n]),
    {} as CommonSettings,
    NOW,
  );
}

const obj = (key: string, time: number, size = 1): Entry => ({ key, time, size });
const ver = (key: string, versionId: string, time: number, deleteMarker = false): Entry => ({
  key,
  versionId,
  time,
  size: deleteMarker ? 0 : 1,
  ...(deleteMarker ? { deleteMarker } : {}),
});
const removed = (entries: Entry[], s: PruneSettings): string[] =>
  select(entries, s).remove.map((e) => (e.versionId ? `${e.key}@${e.versionId}` : e.key));

describe('keys relative to the prefix', () => {
  it.each<[string, string, string, string | undefined, boolean]>([
    ['builds/', 'builds/a', 'a', undefined, false],
    ['builds/', 'builds/v1/a', 'v1/a', 'builds/v1/', false],
    ['builds/', 'builds/', '', undefined, false],
    ['build', 'build/v1/a', 'v1/a', 'build/v1/', false],
    ['build', 'build', '', undefined, false],
    ['build', 'build/', '', undefined, false],
    ['build', 'build-old/x', '-old/x', 'build-old/', true],
    ['build', 'builds', 's', undefined, true],
    ['', 'top/a', 'top/a', 'top/', false],
    ['', 'a', 'a', undefined, false],
  ])('prefix %j, key %j', (prefix, key, rel, folder, outside) => {
    expect(relativeKey(key, prefix)).toBe(rel);
    expect(folderOf(key, prefix)).toBe(folder);
    expect(outsideFolder(key, prefix)).toBe(outside);
  });
});

describe('select: objects', () => {
  it('older-than: strictly older objects go', () => {
    const s = settings({ 'older-than': '30d' });
    const cutoff = s.olderThan!.cutoff.getTime();
    const entries = [
      obj('builds/a', OLD),
      obj('builds/b', cutoff),
      obj('builds/c', cutoff - 1),
      obj('builds/d', FRESH),
    ];
    const sel = select(entries, s);
    expect(sel.remove.map((e) => e.key)).toEqual(['builds/a', 'builds/c']);
    expect(sel.planned.count).toBe(2);
    expect(sel.kept.get('newer')?.count).toBe(2);
  });

  it('keep-latest keeps the N newest whatever their age; ties are broken by key', () => {
    const s = settings({ 'older-than': '30d', 'keep-latest': '2' });
    const entries = [
      obj('builds/a', OLD),
      obj('builds/b', OLD - DAY),
      obj('builds/c', OLD),
      obj('builds/d', OLD - 2 * DAY),
    ];
    expect(removed(entries, s)).toEqual(['builds/b', 'builds/d']);
    expect(select(entries, s).kept.get('latest')?.count).toBe(2);
  });

  it('keep-latest counts fresh objects among the newest', () => {
    const s = settings({ 'older-than': '30d', 'keep-latest': '1' });
    expect(
      removed([obj('builds/new', FRESH), obj('builds/old1', OLD), obj('builds/old2', OLD - DAY)], s),
    ).toEqual(['builds/old1', 'builds/old2']);
  });

  it('keep-latest alone deletes every other unit', () => {
    const s = settings({ 'keep-latest': '1' });
    expect(removed([obj('builds/a', FRESH), obj('builds/b', FRESH - 1)], s)).toEqual(['builds/b']);
  });

  it('include/exclude filter before keep-latest ranks', () => {
    const s = settings({ 'older-than': '30d', 'keep-latest': '1', include: '*.zip', exclude: 'pinned*' });
    const entries = [
      obj('builds/newest.log', OLD + DAY),
      obj('builds/a.zip', OLD),
      obj('builds/b.zip', OLD - DAY),
      obj('builds/pinned.zip', OLD - 2 * DAY),
      obj('builds/sub/c.zip', OLD - 3 * DAY),
    ];
    const sel = select(entries, s);
    expect(sel.remove.map((e) => e.key)).toEqual(['builds/b.zip']);
    expect(sel.kept.get('filtered')?.count).toBe(3);
    expect(sel.kept.get('latest')?.count).toBe(1);
  });

  it('streaming decides each object exactly as select does', () => {
    const s = settings({ 'older-than': '30d', exclude: '**/*.keep' });
    expect(isStreamable(s)).toBe(true);
    const entries = [obj('builds/a', OLD), obj('builds/b.keep', OLD), obj('builds/c', FRESH)];
    expect(entries.map((e) => decideObject(e, s))).toEqual(['delete', 'filtered', 'newer']);
    expect(removed(entries, s)).toEqual(['builds/a']);
  });

  it.each([
    [{ 'older-than': '30d', 'keep-latest': '1' }],
    [{ 'older-than': '30d', 'group-by': 'folder' }],
    [{ 'older-than': '30d', versions: 'all' }],
    [{ 'keep-latest': '3' }],
  ])('needs the whole prefix in view for %j', (inputs) => {
    expect(isStreamable(settings(inputs))).toBe(false);
  });
});

describe('select: folders', () => {
  it('each first-level folder is one unit aged by its newest object; loose objects stay', () => {
    const s = settings({ 'older-than': '30d', 'group-by': 'folder' });
    const entries = [
      obj('builds/loose-old', OLD),
      obj('builds/v1/a', OLD),
      obj('builds/v1/deep/b', OLD - DAY),
      obj('builds/v2/a', OLD),
      obj('builds/v2/deep/b', FRESH),
    ];
    const sel = select(entries, s);
    expect(sel.remove.map((e) => e.key)).toEqual(['builds/v1/a', 'builds/v1/deep/b']);
    expect(sel.removedUnits).toEqual([
      { name: 'builds/v1/', count: 2, bytes: 2, newest: OLD, kept: undefined },
    ]);
    expect(sel.keptUnits.map((u) => [u.name, u.kept])).toEqual([['builds/v2/', 'newer']]);
    expect(sel.kept.get('not-in-folder')?.count).toBe(1);
  });

  it('keep-latest ranks folders; a folder with one excluded object is kept whole', () => {
    const s = settings({ 'older-than': '30d', 'group-by': 'folder', 'keep-latest': '1', exclude: '*/.pin' });
    const entries = [
      obj('builds/r1/a', OLD - 3 * DAY),
      obj('builds/r2/a', OLD - 2 * DAY),
      obj('builds/r2/.pin', OLD - 5 * DAY),
      obj('builds/r3/a', OLD - DAY),
      obj('builds/r4/a', OLD),
    ];
    const sel = select(entries, s);
    expect(sel.remove.map((e) => e.key)).toEqual(['builds/r1/a', 'builds/r3/a']);
    expect(sel.keptUnits.map((u) => [u.name, u.kept])).toEqual([
      ['builds/r2/', 'filtered'],
      ['builds/r4/', 'latest'],
    ]);
  });

  it('a prefix without a slash groups by what follows it', () => {
    const s = settings({ prefix: 'build', 'older-than': '30d', 'group-by': 'folder' });
    const sel = select([obj('build/v1/a', OLD), obj('build-old/x', OLD), obj('build', OLD)], s);
    expect(sel.removedUnits.map((u) => u.name).sort()).toEqual(['build-old/', 'build/v1/']);
    expect(sel.kept.get('not-in-folder')?.count).toBe(1);
  });
});

describe('select: versions', () => {
  const s = settings({ 'older-than': '30d', versions: 'all' });

  it('ages every version and delete marker on its own', () => {
    const entries = [
      ver('builds/a', 'a3', FRESH),
      ver('builds/a', 'a2', OLD),
      ver('builds/a', 'a1', OLD - DAY),
      ver('builds/b', 'b2', OLD + DAY, true),
      ver('builds/b', 'b1', FRESH - DAY),
    ];
    // b's old marker goes by its age; its fresh version (behind the marker) stays.
    expect(removed(entries, s)).toEqual(['builds/a@a2', 'builds/a@a1', 'builds/b@b2']);
  });

  it('removes delete markers that would be left with no version behind them, whatever their age', () => {
    const entries = [
      ver('builds/c', 'c2', FRESH, true),
      ver('builds/c', 'c1', OLD),
      ver('builds/d', 'd1', FRESH, true),
    ];
    expect(removed(entries, s)).toEqual(['builds/c@c2', 'builds/c@c1', 'builds/d@d1']);
  });

  it('keeps a fresh marker when a version stays behind it', () => {
    const entries = [ver('builds/e', 'e2', FRESH, true), ver('builds/e', 'e1', FRESH - DAY)];
    expect(removed(entries, s)).toEqual([]);
  });

  it('keep-latest ranks keys by their newest version, so a deleted key takes no slot', () => {
    const k = settings({ 'older-than': '30d', versions: 'all', 'keep-latest': '1' });
    const entries = [
      ver('builds/gone', 'g2', OLD + 2 * DAY, true),
      ver('builds/gone', 'g1', OLD - DAY),
      ver('builds/kept', 'k2', OLD + DAY),
      ver('builds/kept', 'k1', OLD - 2 * DAY),
    ];
    expect(removed(entries, k)).toEqual(['builds/gone@g2', 'builds/gone@g1']);
  });

  it('a folder goes whole with every version and marker in it', () => {
    const f = settings({ 'older-than': '30d', versions: 'all', 'group-by': 'folder' });
    const entries = [
      ver('builds/v1/a', 'x2', OLD, true),
      ver('builds/v1/a', 'x1', OLD - DAY),
      ver('builds/v2/a', 'y2', FRESH),
      ver('builds/v2/a', 'y1', OLD),
    ];
    expect(removed(entries, f)).toEqual(['builds/v1/a@x2', 'builds/v1/a@x1']);
  });
});
