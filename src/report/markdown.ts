import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeSpan, inertCell, inertText, markdownLink } from './inert-markdown.js';
import type { Report, ReportCell, ReportTable } from './report.js';

/** GitHub refuses step summaries over 1 MiB; stay well below it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;
/** Rows shown per table before the rest goes to a file. */
export const MAX_TABLE_ROWS = 500;

/** Text as it is; the redaction to apply before any escaping (an escaped secret would no longer match). */
type Redact = (text: string) => string;

function renderCell(cell: ReportCell, redact: Redact): string {
  return typeof cell === 'string'
    ? inertCell(redact(cell))
    : markdownLink(redact(cell.text), redact(cell.href));
}

/** A cell as plain text, for the overflow file. */
const cellText = (cell: ReportCell): string => (typeof cell === 'string' ? cell : cell.href);

function renderTable(
  table: ReportTable,
  maxRows: number,
  overflow: (table: ReportTable) => string | undefined,
  redact: Redact,
): string {
  const text = (value: string): string => inertText(redact(value));
  const lines = [`#### ${text(table.title)}`, ''];
  if (table.rows.length === 0) {
    lines.push(table.empty ?? '_none_', '');
    return lines.join('\n');
  }
  lines.push(
    `| ${table.columns.map(text).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
  );
  for (const row of table.rows.slice(0, maxRows))
    lines.push(`| ${row.map((cell) => renderCell(cell, redact)).join(' | ')} |`);
  if (table.rows.length > maxRows) {
    const file = overflow(table);
    lines.push(
      '',
      `_${table.rows.length - maxRows} more rows not shown${file ? `; the full list is in ${file}` : ''}._`,
    );
  }
  lines.push('');
  return lines.join('\n');
}

export interface RenderOptions {
  title: string;
  status: string;
  /** Where full listings of cut tables go. */
  overflowDir?: string;
  /** Where the rows cut from a table can be found, when they are not written to a file (e.g. "the job summary"). */
  elsewhere?: string;
  limitBytes?: number;
  /** Applied to every value before it is escaped; the caller redacts the whole result again. */
  redact?: Redact;
}

/** Renders a report as Markdown, cutting long tables so the whole stays under the summary limit. */
export function renderMarkdown(report: Report, options: RenderOptions): string {
  const limit = options.limitBytes ?? SUMMARY_LIMIT_BYTES;
  const redact: Redact = options.redact ?? ((value) => value);
  const text = (value: string): string => inertText(redact(value));
  const overflow = (table: ReportTable): string | undefined => {
    if (!options.overflowDir) return options.elsewhere;
    const file = join(
      options.overflowDir,
      `${options.title}-${table.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${process.pid}-${Date.now()}.tsv`,
    );
    writeFileSync(
      file,
      [table.columns, ...table.rows.map((r) => r.map(cellText))].map((r) => r.join('\t')).join('\n') + '\n',
    );
    return codeSpan(file);
  };
  const build = (maxRows: number): string => {
    const parts = [`### ${text(options.title)}: ${text(options.status)}`, '', text(report.headline), ''];
    // A failure after the first write: the headline says what was done, this line what stopped it.
    const failure = report.failure;
    if (failure && failure.annotation !== report.headline)
      parts.push(
        `**${failure.kind === 'cancelled' ? 'Cancelled' : 'Failed'}** (exit ${failure.exitCode}, ${text(failure.errorCode)}): ${text(failure.message === report.headline ? (failure.hint ?? '') : failure.annotation)}`,
        '',
      );
    if (report.facts.length) {
      parts.push('| | |', '|---|---|');
      for (const [k, v] of report.facts) parts.push(`| ${text(k)} | ${text(v)} |`);
      parts.push('');
    }
    for (const table of report.tables) parts.push(renderTable(table, maxRows, overflow, redact));
    for (const note of report.notes) parts.push(`> ${text(note)}`, '');
    return parts.join('\n');
  };
  let maxRows = MAX_TABLE_ROWS;
  let markdown = build(maxRows);
  while (Buffer.byteLength(markdown) > limit && maxRows > 1) {
    maxRows = Math.floor(maxRows / 2);
    markdown = build(maxRows);
  }
  if (Buffer.byteLength(markdown) > limit)
    markdown =
      Buffer.from(markdown)
        .subarray(0, limit - 100)
        .toString() + '\n\n_Summary cut at the size limit._\n';
  return markdown;
}
