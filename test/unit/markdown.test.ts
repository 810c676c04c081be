import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { MAX_TABLE_ROWS, SUMMARY_LIMIT_BYTES, renderMarkdown } from '../../src/report/markdown.js';
import type { Report } from '../../src/report/report.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atp-md-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function report(rows: string[][], extra: Partial<Report> = {}): Report {
  return {
    headline: 'Read 2 secrets.',
    facts: [['Region', 'eu-west-1']],
    tables: [{ title: 'Secrets', columns: ['Entry', 'Variables'], rows }],
    notes: [],
    outputs: {},
    ...extra,
  };
}

/** The cells of a Markdown table row, honouring `\|` escapes. */
function cells(row: string): string[] {
  return row
    .replace(/^\| /, '')
    .replace(/ \|$/, '')
    .split(/(?<!\\) \| /);
}

describe('renderMarkdown', () => {
  it('renders the status mark and headline first, the tables, and the facts last and folded', () => {
    const md = renderMarkdown(report([['DB,prod/db', 'DB_PASSWORD']]), {
      title: 'fetch-secret',
      status: 'succeeded',
    });
    expect(md.split('\n')[0]).toBe('### ✅ fetch-secret: Read 2 secrets.');
    expect(md).toContain(
      '<details><summary>Details</summary>\n\n| Fact | Value |\n| --- | --- |\n| Region | eu-west-1 |',
    );
    expect(md.indexOf('| Region |')).toBeGreaterThan(md.indexOf('| DB,prod/db |'));
    expect(md).toContain('**Secrets (1)**');
    expect(md).toContain('| Entry | Variables |');
    expect(md).toContain('| DB,prod/db | DB_PASSWORD |');
  });

  it('keeps a row with pipes and newlines on one line with the right number of cells', () => {
    const md = renderMarkdown(report([['a|b\nc', 'x\r\ny|z']]), { title: 't', status: 'succeeded' });
    const row = md.split('\n').find((l) => l.startsWith('| `a'))!;
    expect(row).toBeDefined();
    expect(cells(row)).toEqual(['`a\\|b␤c`', '`x␤y\\|z`']);
    expect(md).not.toContain('a|b');
  });

  it('shows the empty text of an empty table', () => {
    const md = renderMarkdown(
      report([], { tables: [{ title: 'Nothing', columns: ['a'], rows: [], empty: '_no secrets_' }] }),
      { title: 't', status: 'succeeded' },
    );
    expect(md).toContain('_no secrets_');
    expect(md).not.toContain('| a |');
  });

  it('cuts a table longer than the row limit, with a note and the full list in a file', () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 30 }, (_, i) => [`entry-${i}`, `VAR_${i}`]);
    const md = renderMarkdown(report(rows), { title: 'fetch-secret', status: 'succeeded', overflowDir: dir });
    expect(md).toContain(`| entry-${MAX_TABLE_ROWS - 1} |`);
    expect(md).not.toContain(`| entry-${MAX_TABLE_ROWS} |`);
    const note = /_30 more rows not shown; the full list is in `([^`]+)` on the runner/.exec(md);
    expect(note).not.toBeNull();
    const file = note![1]!;
    expect(file.startsWith(dir)).toBe(true);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toBe('Entry\tVariables');
    expect(lines.at(-1)).toBe(`entry-${rows.length - 1}\tVAR_${rows.length - 1}`);
  });

  it('notes the cut without a file name when there is no overflow directory', () => {
    const rows = Array.from({ length: MAX_TABLE_ROWS + 1 }, (_, i) => [`e${i}`, 'v']);
    const md = renderMarkdown(report(rows), { title: 't', status: 'succeeded' });
    expect(md).toContain('_1 more rows not shown._');
    // A long table is folded.
    expect(md).toContain('<details><summary>Secrets (501)</summary>');
  });

  it('stays under the byte limit by showing fewer rows', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`entry-${i}-${'x'.repeat(200)}`, `VAR_${i}`]);
    const limitBytes = 20_000;
    const md = renderMarkdown(report(rows), {
      title: 't',
      status: 'succeeded',
      overflowDir: dir,
      limitBytes,
    });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(limitBytes);
    expect(md).toContain('| entry-0-');
    expect(md).toMatch(/_\d+ more rows not shown; the full list is in `/);
  });

  it('stays under the byte limit even when a single row is too big, cutting multibyte text safely', () => {
    const huge = 'é'.repeat(50_000);
    const limitBytes = 10_000;
    const md = renderMarkdown(report([[huge, huge]], { headline: 'ü'.repeat(3000) }), {
      title: 't',
      status: 'succeeded',
      limitBytes,
    });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(limitBytes);
    expect(md).toContain('_Summary cut at the size limit._');
  });

  it('keeps a realistic large report under the 1 MiB GitHub limit', () => {
    expect(SUMMARY_LIMIT_BYTES).toBeLessThanOrEqual(1024 * 1024);
    const rows = Array.from({ length: 5000 }, (_, i) => [`secret-${i}-${'y'.repeat(500)}`, `VAR_${i}`]);
    const md = renderMarkdown(report(rows), { title: 'fetch-secret', status: 'succeeded', overflowDir: dir });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(SUMMARY_LIMIT_BYTES);
  });

  it('renders notes as quotes', () => {
    const md = renderMarkdown(report([], { notes: ['careful | now'] }), { title: 't', status: 'succeeded' });
    expect(md).toContain('> careful \\| now');
  });
});
