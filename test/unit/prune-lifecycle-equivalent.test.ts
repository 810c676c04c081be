import { describe, expect, it } from '@jest/globals';
import type { CommonSettings } from '../../src/inputs/common.js';
import { parseLifecycleRules } from '../../src/operations/ensure-bucket/lifecycle-rules.js';
import { lifecycleEquivalent } from '../../src/operations/prune/lifecycle-equivalent.js';
import { parsePrune } from '../../src/operations/prune/settings.js';
import { schemaReader } from '../../src/operations/schema.js';

const NOW = Date.parse('2026-06-15T12:00:00Z');

function equivalent(inputs: Record<string, string>) {
  const all: Record<string, string> = { bucket: 'ci-bucket', prefix: 'builds/', ...inputs };
  return lifecycleEquivalent(
    parsePrune(
      schemaReader((n) => all[n]),
      {} as CommonSettings,
      NOW,
    ),
  );
}

describe('the S3 lifecycle rule a prune maps to', () => {
  it('older-than under a prefix → Expiration after N days, stale uploads → AbortIncompleteMultipartUpload', () => {
    const e = equivalent({ 'older-than': '30d' });
    expect(e.line).toBe('id=prune-builds prefix=builds/ expire-days=30 abort-incomplete-days=30');
    expect(e.exact).toBe(true);
  });

  it('without aborting uploads, only the expiration', () => {
    expect(equivalent({ 'older-than': '2w', 'abort-incomplete-uploads': 'false' }).line).toBe(
      'id=prune-builds prefix=builds/ expire-days=14',
    );
  });

  it('a duration that is not whole days is rounded up, and says so', () => {
    const e = equivalent({ 'older-than': '36h', 'abort-incomplete-uploads': 'false' });
    expect(e.line).toBe('id=prune-builds prefix=builds/ expire-days=2');
    expect(e.exact).toBe(false);
    expect(e.notes.join(' ')).toContain('rounded up to 2 days');
  });

  it('versions: all → noncurrent versions expire too; keep-latest → NewerNoncurrentVersions, with the difference named', () => {
    const all = equivalent({ 'older-than': '30d', versions: 'all', 'abort-incomplete-uploads': 'false' });
    expect(all.line).toBe('id=prune-builds prefix=builds/ expire-days=30 noncurrent-days=30');
    const kept = equivalent({ 'keep-latest': '5', versions: 'all', 'abort-incomplete-uploads': 'false' });
    expect(kept.line).toBe('id=prune-builds prefix=builds/ noncurrent-days=1 keep-noncurrent=5');
    expect(kept.exact).toBe(false);
    expect(kept.notes.join(' ')).toContain('NewerNoncurrentVersions 5');
  });

  it('the whole bucket gets an ID of its own and no prefix', () => {
    expect(equivalent({ prefix: '', 'allow-whole-bucket': 'true', 'older-than': '7d' }).line).toBe(
      'id=prune-bucket expire-days=7 abort-incomplete-days=7',
    );
  });

  it.each([
    [{ 'keep-latest': '3' }, '`keep-latest` of current objects'],
    [{ 'older-than': '30d', include: '**/*.zip' }, '`include`/`exclude` globs'],
    [{ 'older-than': '30d', exclude: '*/KEEP' }, '`include`/`exclude` globs'],
    [{ 'older-than': '30d', 'group-by': 'folder' }, '`group-by: folder`'],
    [{ 'older-than': '2026-01-01' }, 'fixed instant'],
  ])('none for %j, saying why', (inputs, why) => {
    const e = equivalent(inputs);
    expect(e.line).toBeUndefined();
    expect(e.notes[0]).toMatch(/^No S3 lifecycle rule can express this selection: /);
    expect(e.notes[0]).toContain(why);
  });

  it('when objects have no rule, stale uploads alone still have one', () => {
    const e = equivalent({ 'older-than': '10d', include: '*.zip' });
    expect(e.notes[1]).toContain('abort-incomplete-days=10');
  });

  it('every suggested line is accepted by ensure-bucket and means the same rule', () => {
    for (const inputs of <Array<Record<string, string>>>[
      { 'older-than': '30d' },
      { 'older-than': '36h', versions: 'all', 'keep-latest': '200' },
      { prefix: 'a b/"q"/', 'older-than': '1w' },
    ]) {
      const e = equivalent(inputs);
      expect(parseLifecycleRules([e.line!], 'lifecycle-rules')).toEqual([e.rule]);
    }
  });
});
