/**
 * What a person sees in a job summary or a PR comment, read the way GitHub reads it (GFM): every
 * table has a real header and no empty column, `<details>` are balanced, links are https links, the
 * headline's counts are the outputs' counts, untrusted names stay text, and the committed examples
 * in docs/examples are documents of that kind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { renderMarkdown } from '../../src/report/markdown.js';
import { commentContext } from '../../src/report/pr-comment.js';
import type { Report } from '../../src/report/report.js';
import { runTask } from '../../src/run-task.js';
import { inspectGfm } from '../support/gfm.js';
import { FakeHost, githubEnv } from './fake-host.js';
import { useTaskSandbox } from './helpers.js';
import { FakeS3 } from './prune-fake-s3.js';
import { tempTree, uploadHost } from './upload-support.js';

const sandbox = useTaskSandbox('atp-summaries-', { ambientKeys: true });
const { s3 } = sandbox;
const DAY = 86_400_000;
const NOW = Date.now();
const MARK = /^(✅|📋|⚠️|⛔|❌|⏹️) /;
let fake: FakeS3;

beforeEach(() => {
  fake = new FakeS3(s3).install();
});

async function prune(inputs: Record<string, string>): Promise<{ host: FakeHost; code: number }> {
  const host = new FakeHost({
    inputs: {
      operation: 'prune',
      'aws-region': 'eu-west-1',
      bucket: fake.bucket,
      prefix: 'builds/',
      ...inputs,
    },
    env: githubEnv(),
    tempDir: sandbox.tmp,
  });
  const code = await runTask(host, { backoff: { sleep: async () => {}, random: () => 0 } });
  return { host, code };
}

/** The numbers of a headline, in order. */
const numbers = (text: string): number[] =>
  (text.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));

describe('prune summaries', () => {
  beforeEach(() => {
    for (let i = 1; i <= 12; i++) fake.put(`builds/f${i}`, NOW - 40 * DAY, 100 * i);
    fake.put('builds/fresh', NOW - DAY, 10);
  });

  it('a plan: status mark and counts first, the dry-run reminder under it, the keys in natural order', async () => {
    const { host, code } = await prune({ 'older-than': '30d' });
    expect(code).toBe(0);
    const gfm = inspectGfm(host.summary);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headline).toMatch(MARK);
    expect(gfm.headline).toContain('Plan: 12 objects to delete');
    const [planned, kept] = numbers(gfm.headline.replace(/\(.*?\)/, ''));
    expect(planned).toBe(Number(host.outputs['planned-count']));
    expect(kept).toBe(Number(host.outputs['kept-count']));
    expect(host.summary.indexOf('Run with `dry-run: false` to delete')).toBeLessThan(
      host.summary.indexOf('```diff'),
    );
    const keys = gfm.codeBlocks[0]!.text.split('\n').map((l) => l.split(/\s+/)[1]);
    expect(keys.slice(0, 3)).toEqual(['builds/f1', 'builds/f2', 'builds/f3']);
    expect(keys.at(-1)).toBe('builds/f12');
    // The facts come last and folded; no table has an empty header row.
    expect(host.summary.trimEnd().endsWith('</details>')).toBe(true);
    expect(host.summary).not.toContain('| | |');
  });

  it('a dry run over max-deletes shows its plan, saying why it was refused (exit 7)', async () => {
    const { host, code } = await prune({ 'older-than': '30d', 'max-deletes': '5' });
    expect(code).toBe(7);
    const gfm = inspectGfm(host.summary);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headline).toMatch(
      /^⛔ prune: Refused: 12 objects .* more than `max-deletes: 5`; nothing was deleted$/,
    );
    expect(gfm.codeBlocks[0]!.text.split('\n')).toHaveLength(12);
    expect(host.summary).toContain('`max-deletes: 12`');
    expect(host.summary).toContain('manifest-path');
    expect(host.outputs['planned-count']).toBe('12');
    expect(host.outputs['error-code']).toBe('MaxDeletesExceeded');
  });

  it('a refused run (dry-run false) shows the same plan and deletes nothing', async () => {
    const { host, code } = await prune({ 'older-than': '30d', 'max-deletes': '5', 'dry-run': 'false' });
    expect(code).toBe(7);
    expect(fake.keys()).toHaveLength(13);
    expect(inspectGfm(host.summary).codeBlocks[0]!.text.split('\n')).toHaveLength(12);
  });

  it('an apply: the headline counts are the outputs', async () => {
    const { host, code } = await prune({ 'older-than': '30d', 'dry-run': 'false' });
    expect(code).toBe(0);
    const gfm = inspectGfm(host.summary);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headline).toMatch(/^✅ prune: Deleted 12 objects \(.*\), 1 object kept$/);
    expect(host.outputs['deleted-count']).toBe('12');
    expect(host.outputs['kept-count']).toBe('1');
  });
});

describe('upload-artifact summaries', () => {
  it('no file matched: a warning with its own headline, no claim of success or rate', async () => {
    const tree = tempTree({ 'a.txt': 'a' });
    const host = uploadHost(
      { path: `${tree.dir}/nothing-*.zip`, 'if-no-files-found': 'warn' },
      { tempDir: sandbox.tmp },
    );
    expect(await runTask(host)).toBe(0);
    const gfm = inspectGfm(host.summary);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headline).toBe('⚠️ upload-artifact: Nothing uploaded: no files matched `path`');
    expect(host.summary).not.toMatch(/succeeded|MiB\/s/);
    expect(host.warnings).toHaveLength(1);
    expect(host.warnings[0]).not.toContain('[event=');
    tree.remove();
  });

  it('uploaded files: a header row, links only where a person can open them, no empty Cache-Control column', async () => {
    const tree = tempTree({ 'f1.txt': '1', 'f10.txt': '10', 'f2.txt': '2' });
    s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
    const host = uploadHost(
      { path: tree.dir, 'public-base-url': 'https://cdn.example.com' },
      { tempDir: sandbox.tmp },
    );
    expect(await runTask(host)).toBe(0);
    const gfm = inspectGfm(host.summary);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headline).toBe('✅ upload-artifact: 3 files uploaded (4 B: 3 new or overwritten)');
    expect(Number(host.outputs['uploaded-count'])).toBe(numbers(gfm.headline)[0]);
    const table = gfm.tables[0]!;
    expect(table.header.map((h) => h.text)).toEqual(['Key', 'Size', 'Change', 'Content type']);
    expect(table.rows.map((r) => r[0]!.text.replace(/\]\(.*/, '').slice(1))).toEqual([
      'f1.txt',
      'f2.txt',
      'f10.txt',
    ]);
    expect(gfm.links.map((l) => l.href)).toEqual([
      'https://cdn.example.com/f1.txt',
      'https://cdn.example.com/f2.txt',
      'https://cdn.example.com/f10.txt',
    ]);
    // Behind an endpoint there is no console to link to, and a rate over 5 bytes means nothing.
    expect(host.summary).not.toMatch(/s3\.console|MiB\/s/);
    tree.remove();
  });
});

describe('the renderer', () => {
  const hostile = [
    'a|b',
    '[x](javascript:alert(1))',
    '<img src=x onerror=alert(1)>',
    '![i](x.png)',
    'line\nbreak',
    '```',
    '</details>',
  ];
  const report: Report = {
    headline: `Plan: 1 to add ${hostile[1]}`,
    callouts: [hostile[2]!],
    location: {
      text: hostile[0]!,
      href: 'https://s3.console.aws.amazon.com/s3/buckets/b?region=us-east-1&prefix=a(b)',
    },
    diff: { summary: hostile[6]!, lines: hostile.map((h) => `+ ${h}`) },
    facts: [
      ['Key', hostile[3]!],
      ['Root', '/home/runner/work', 'runner'],
    ],
    tables: [{ title: hostile[6]!, columns: ['Key', 'Note'], rows: hostile.map((h) => [h, h]) }],
    notes: [hostile[4]!],
    outputs: {},
  };

  it('keeps untrusted names inert: no extra link, image, HTML or closed block', () => {
    const gfm = inspectGfm(renderMarkdown(report, { title: 'prune', status: 'planned' }));
    expect(gfm.problems).toEqual([]);
    expect(gfm.links.map((l) => l.href)).toEqual([
      'https://s3.console.aws.amazon.com/s3/buckets/b?region=us-east-1&prefix=a(b)',
    ]);
    // The line break inside a name is shown as `\n`: one line per name.
    expect(gfm.codeBlocks[0]!.text.split('\n')).toHaveLength(hostile.length);
  });

  it('leaves runner-only facts out of a PR comment and says which commit, run and time it is for', () => {
    const context = commentContext(
      githubEnv({ GITHUB_RUN_NUMBER: '812', GITHUB_JOB: 'preview', GITHUB_ACTION: 'prune' }),
      { headSha: 'abcdef0123456789' },
      new Date('2026-12-04T18:59:30Z'),
    );
    const md = renderMarkdown(report, { title: 'prune', status: 'planned', context, publicOnly: true });
    expect(md).toContain('commit `abcdef0`');
    expect(md).toContain(
      '[run #812](https://github.com/octo-org/octo-repo/actions/runs/987654321/attempts/2)',
    );
    expect(md).toContain('updated 2026-12-04 18:59 UTC');
    expect(md).not.toContain('/home/runner/work');
    expect(inspectGfm(md).problems).toEqual([]);
  });

  it('cut at the size limit, the page still closes every block', () => {
    const big: Report = {
      ...report,
      tables: [
        {
          title: 'Many',
          columns: ['Key'],
          rows: Array.from({ length: 4000 }, (_, i) => [`k${i}-${'x'.repeat(300)}`]),
        },
      ],
    };
    const md = renderMarkdown(big, { title: 'prune', status: 'planned', limitBytes: 20_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(20_000);
    expect(inspectGfm(md).problems).toEqual([]);
  });
});

describe('docs/examples', () => {
  const dir = fileURLToPath(new URL('../../docs/examples', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md');

  it('has plan, apply, refused and PR comment examples for the operations', () => {
    for (const op of ['ensure-bucket', 'prune', 'upload-artifact', 'fetch-secret'])
      for (const kind of ['plan', 'apply']) expect(files).toContain(`${op}-${kind}.md`);
    expect(files.filter((f) => f.endsWith('-refused.md')).length).toBeGreaterThan(0);
    expect(files.filter((f) => f.endsWith('-pr-comment.md')).length).toBeGreaterThan(0);
  });

  it.each(files)('%s reads as GitHub shows it', (file) => {
    const md = readFileSync(join(dir, file), 'utf8');
    const gfm = inspectGfm(md);
    expect(gfm.problems).toEqual([]);
    expect(gfm.headings).toHaveLength(1);
    expect(gfm.headline).toMatch(MARK);
    if (file.endsWith('-pr-comment.md')) {
      expect(md).toMatch(/commit `[0-9a-f]{7}` · \[run #\d+\]\(https:/);
      for (const runnerOnly of ['| Root |', '| Endpoint |', '| Credentials |', '| Manifest |', 'requests |'])
        expect(md).not.toContain(runnerOnly);
    }
  });
});
