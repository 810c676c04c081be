/** Medians, tables for the terminal and for BENCHMARKS.md. */
import type { ToolId } from './tools.js';

export type Status = 'ok' | 'invalid' | 'skipped';

/** One measured run of one tool on one workload. */
export interface RunRecord {
  workload: string;
  tool: ToolId;
  round: number;
  status: Status;
  reason?: string;
  /** Files, MiB or objects moved by this run (the numerator of the rate). */
  units: number;
  wallSeconds: number;
  cpuSeconds?: number;
  maxRssKiB?: number;
  requests?: number;
  byOperation?: Record<string, number>;
  /** TCP connections the sink accepted during the run. */
  connections?: number;
  /** Spawn → first request at the sink, ms (cold start). */
  firstRequestMs?: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(values: number[]): Spread | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  return { median, min: v[0]!, max: v[v.length - 1]!, n: v.length };
}

/** Significant-enough digits for a rate or a time. */
export function num(x: number): string {
  const a = Math.abs(x);
  const digits = a >= 100 ? 0 : a >= 10 ? 1 : a >= 1 ? 2 : 3;
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function withRange(s: Spread | undefined, f: (x: number) => string = num): string {
  if (!s) return '—';
  if (s.n === 1) return f(s.median);
  return `${f(s.median)} (${f(s.min)}–${f(s.max)})`;
}

export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
  notes: string[];
}

export function plainTable(t: Table): string {
  const widths = t.columns.map((c, i) => Math.max(c.length, ...t.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [
    t.title,
    line(t.columns),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...t.rows.map(line),
    ...t.notes.map((n) => `  ${n}`),
  ].join('\n');
}

export function markdownTable(t: Table): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `### ${t.title}`,
    '',
    `| ${t.columns.map(esc).join(' | ')} |`,
    `|${t.columns.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...t.rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
    ...(t.notes.length ? ['', ...t.notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}
