import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Report, ReportTable } from './report.js';

/** GitHub refuses step summaries over 1 MiB; stay well below it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;
/** Rows shown per table before the rest goes to a file. */
export const MAX_TABLE_ROWS = 500;

export function escapeCell(value: string): string {
  // `<` and `>` first, so the `<br>` that stands for a newline stays a line break; a lone CR ends a row too.
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r\n|\r|\n/g, '<br>');
}

function renderTable(
  table: ReportTable,
  maxRows: number,
  overflow: (table: ReportTable) => string | undefined,
): string {
  const lines = [`#### ${escapeCell(table.title)}`, ''];
  if (table.rows.length === 0) {
    lines.push(table.empty ?? '_none_', '');
    return lines.join('\n');
  }
  lines.push(
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `| ${table.columns.map(() => '---').join(' | ')} |`,
  );
  for (const row of table.rows.slice(0, maxRows)) lines.push(`| ${row.map(escapeCell).join(' | ')} |`);
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
}

/** Renders a report as Markdown, cutting long tables so the whole stays under the summary limit. */
export function renderMarkdown(report: Report, options: RenderOptions): string {
  const limit = options.limitBytes ?? SUMMARY_LIMIT_BYTES;
  const overflow = (table: ReportTable): string | undefined => {
    if (!options.overflowDir) return options.elsewhere;
    const file = join(
      options.overflowDir,
      `${options.title}-${table.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${process.pid}-${Date.now()}.tsv`,
    );
    writeFileSync(file, [table.columns, ...table.rows].map((r) => r.join('\t')).join('\n') + '\n');
    return `\`${file}\``;
  };
  const build = (maxRows: number): string => {
    const parts = [
      `### ${escapeCell(options.title)}: ${escapeCell(options.status)}`,
      '',
      escapeCell(report.headline),
      '',
    ];
    // A failure after the first write: the headline says what was done, this line what stopped it.
    const failure = report.failure;
    if (failure && failure.annotation !== report.headline)
      parts.push(
        `**${failure.kind === 'cancelled' ? 'Cancelled' : 'Failed'}** (exit ${failure.exitCode}, \`${escapeCell(failure.errorCode)}\`): ${escapeCell(failure.message === report.headline ? (failure.hint ?? '') : failure.annotation)}`,
        '',
      );
    if (report.facts.length) {
      parts.push('| | |', '|---|---|');
      for (const [k, v] of report.facts) parts.push(`| ${escapeCell(k)} | ${escapeCell(v)} |`);
      parts.push('');
    }
    for (const table of report.tables) parts.push(renderTable(table, maxRows, overflow));
    for (const note of report.notes) parts.push(`> ${escapeCell(note)}`, '');
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
