import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { naturalCompare } from './format.js';
import { codeSpan, inertCell, inertText, markdownLink } from './inert-markdown.js';
import type { Cell, DiffBlock, Fact, Report, ReportTable } from './report.js';

/** GitHub refuses step summaries over 1 MiB; stay well below it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;
/** Rows shown per table before the rest goes to a file. */
export const MAX_TABLE_ROWS = 500;
/** Tables up to this many rows are shown open; longer ones are folded into `<details>`. */
export const OPEN_ROWS = 10;

/** How the run ended, as the headline's mark and word. */
export type ReportStatus = 'succeeded' | 'planned' | 'warning' | 'refused' | 'failed' | 'cancelled';

const MARKS: Record<ReportStatus, string> = {
  succeeded: '✅',
  planned: '📋',
  warning: '⚠️',
  refused: '⛔',
  failed: '❌',
  cancelled: '⏹️',
};

const cellText = (cell: Cell): string => (typeof cell === 'string' ? cell : cell.text);

/** Text as it is; the redaction to apply before any escaping (an escaped secret would no longer match). */
type Redact = (text: string) => string;

/** Untrusted text made inert for Markdown, after redaction: prose, and table cells (text or our links). */
interface Inert {
  text: (value: string) => string;
  cell: (cell: Cell) => string;
}

function inert(redact: Redact): Inert {
  return {
    text: (value) => inertText(redact(value)),
    cell: (cell) =>
      typeof cell === 'string' ? inertCell(redact(cell)) : markdownLink(redact(cell.text), redact(cell.href)),
  };
}

/**
 * A line inside a fenced code block: nothing there is Markdown, but a line break would start a new
 * diff line and a control character could hide text, so both are shown as escapes.
 */
function codeLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** A fence longer than any run of backticks inside, so no line can close the block. */
function fence(lines: string[]): string {
  const longest = Math.max(
    0,
    ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))),
  );
  return '`'.repeat(Math.max(3, longest + 1));
}

function details(summary: string, body: string[], open = false): string[] {
  return [`<details${open ? ' open' : ''}><summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

function renderDiff(
  diff: DiffBlock,
  maxLines: number,
  overflow: (table: ReportTable) => string | undefined,
  esc: Inert,
): string[] {
  const shown = diff.lines.slice(0, maxLines).map(codeLine);
  const cut = diff.lines.length - shown.length;
  const f = fence(shown);
  const body = [`${f}diff`, ...shown, f];
  const file =
    cut > 0 ? overflow({ title: diff.summary, columns: ['change'], rows: diff.lines.map((l) => [l]) }) : '';
  const more = [
    cut > 0 ? `${cut} more lines not shown${file ? `; the full list is in ${file}` : ''}` : '',
    diff.more ? esc.text(diff.more) : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (more) body.push('', `_${more}._`);
  return details(esc.text(diff.summary), body, diff.lines.length <= OPEN_ROWS * 3);
}

function renderTable(
  table: ReportTable,
  maxRows: number,
  overflow: (table: ReportTable) => string | undefined,
  esc: Inert,
): string[] {
  if (table.rows.length === 0) return [`**${esc.text(table.title)}**: ${table.empty ?? '_none_'}`, ''];
  const rows = table.naturalSort
    ? [...table.rows].sort((a, b) => naturalCompare(cellText(a[0] ?? ''), cellText(b[0] ?? '')))
    : table.rows;
  const lines = [
    `| ${table.columns.map(esc.text).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
    ...rows.slice(0, maxRows).map((row) => `| ${row.map(esc.cell).join(' | ')} |`),
  ];
  if (rows.length > maxRows) {
    const file = overflow({ ...table, rows });
    lines.push(
      '',
      `_${rows.length - maxRows} more rows not shown${file ? `; the full list is in ${file}` : ''}._`,
    );
  }
  const summary = `${esc.text(table.title)} (${rows.length.toLocaleString('en-US')})`;
  return table.open || rows.length <= OPEN_ROWS
    ? [`**${summary}**`, '', ...lines, '']
    : details(summary, lines);
}

function renderFacts(facts: Fact[], esc: Inert): string[] {
  if (facts.length === 0) return [];
  return details('Details', [
    '| Fact | Value |',
    '| --- | --- |',
    ...facts.map(([k, v]) => `| ${esc.text(k)} | ${esc.text(v)} |`),
  ]);
}

export interface RenderOptions {
  /** The operation's name. */
  title: string;
  status: ReportStatus;
  /** Where full listings of cut tables go. */
  overflowDir?: string;
  /** Where the rows cut from a table can be found, when they are not written to a file (e.g. "the job summary"). */
  elsewhere?: string;
  limitBytes?: number;
  /** A line under the headline with the commit, run and time (the PR comment's). */
  context?: string;
  /** Leave out facts only the runner's log should show (the PR comment). */
  publicOnly?: boolean;
  /** Applied to every value before it is escaped; the caller redacts the whole result again. */
  redact?: Redact;
}

/**
 * Renders a report as one Markdown document: the status mark and headline first, the destructive
 * part and refusals right under it, then the changes (a `diff` block) and lists (long ones folded),
 * notes, and the facts last and folded. Long lists are cut so the whole stays under the size limit.
 */
export function renderMarkdown(report: Report, options: RenderOptions): string {
  const limit = options.limitBytes ?? SUMMARY_LIMIT_BYTES;
  const redact = options.redact ?? ((value: string) => value);
  const esc = inert(redact);
  // One file per cut list, written once however often the size limit makes the document rebuild.
  const written = new Map<ReportTable, string | undefined>();
  const overflow = (table: ReportTable): string | undefined => {
    if (!options.overflowDir) return options.elsewhere;
    if (written.has(table)) return written.get(table);
    const file = join(
      options.overflowDir,
      `${options.title}-${table.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${process.pid}-${Date.now()}.tsv`,
    );
    // The file outlives the step (it may be kept as an artifact): redacted like everything we write.
    writeFileSync(
      file,
      [table.columns, ...table.rows].map((r) => r.map((c) => redact(cellText(c))).join('\t')).join('\n') +
        '\n',
    );
    const where = `${codeSpan(file)} on the runner (gone when the job ends: keep it with \`actions/upload-artifact\`)`;
    written.set(table, where);
    return where;
  };
  const facts = options.publicOnly ? report.facts.filter((f) => f[2] !== 'runner') : report.facts;
  const build = (maxRows: number): string => {
    const parts = [
      `### ${MARKS[options.status]} ${esc.text(options.title)}: ${esc.text(report.headline)}`,
      '',
    ];
    // A failure after the first write: the headline says what was done, this line what stopped it.
    const failure = report.failure;
    if (
      failure &&
      // A refusal's headline and callout already say what stopped it.
      failure.kind !== 'refused' &&
      failure.annotation !== report.headline &&
      !(report.callouts ?? []).some((c) => c.includes(failure.message))
    )
      parts.push(
        `> **${failure.kind === 'cancelled' ? 'Cancelled' : 'Failed'}** (exit ${failure.exitCode}, ${esc.text(failure.errorCode)}): ${esc.text(failure.message === report.headline ? (failure.hint ?? '') : failure.annotation)}`,
        '',
      );
    for (const callout of report.callouts ?? []) parts.push(`> ${esc.text(callout)}`, '');
    const where = [report.location ? esc.cell(report.location) : '', options.context ?? '']
      .filter(Boolean)
      .join(' · ');
    if (where) parts.push(where, '');
    if (report.diff) parts.push(...renderDiff(report.diff, maxRows, overflow, esc));
    for (const table of report.tables) parts.push(...renderTable(table, maxRows, overflow, esc));
    for (const note of report.notes) parts.push(`> ${esc.text(note)}`, '');
    parts.push(...renderFacts(facts, esc));
    return parts.join('\n');
  };
  let maxRows = MAX_TABLE_ROWS;
  let markdown = build(maxRows);
  while (Buffer.byteLength(markdown) > limit && maxRows > 1) {
    maxRows = Math.floor(maxRows / 2);
    markdown = build(maxRows);
  }
  if (Buffer.byteLength(markdown) > limit) markdown = cutAt(markdown, limit);
  return markdown;
}

/** The first `limit` bytes, with the blocks left open closed again, so the rest of a page stays visible. */
function cutAt(markdown: string, limit: number): string {
  const head = Buffer.from(markdown)
    .subarray(0, limit - 200)
    .toString()
    .replace(/\uFFFD+$/, '');
  const tail: string[] = [];
  const fences = head.split('\n').filter((l) => /^`{3,}/.test(l)).length;
  if (fences % 2 === 1) tail.push('```');
  const open = (head.match(/<details/g)?.length ?? 0) - (head.match(/<\/details>/g)?.length ?? 0);
  for (let i = 0; i < open; i++) tail.push('', '</details>');
  return `${head}\n${tail.join('\n')}\n\n_Summary cut at the size limit._\n`;
}
