import type { TaskError } from '../errors.js';

/** One of our own links (console, public URL): its untrusted part already URL-encoded in `href`. */
export interface ReportLink {
  text: string;
  href: string;
}

/** A table cell: text (shown inert) or one of our links. */
export type ReportCell = string | ReportLink;

/** The name the operations' reports use. */
export type Cell = ReportCell;

/** What an operation hands the renderer: the same structure becomes the job summary, log events and outputs. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: ReportCell[][];
  /** Shown when the table is empty. */
  empty?: string;
  /** Shown expanded; otherwise a table longer than a few rows is folded into `<details>`. */
  open?: boolean;
  /** Rows sorted by their first cell as a person would (`f2` before `f10`). */
  naturalSort?: boolean;
}

/**
 * `[label, value]`, or `[label, value, 'runner']` for a fact only the runner's log and job summary
 * should show (a local path, request counts, the endpoint, the role): a PR comment leaves it out.
 */
export type Fact = [string, string] | [string, string, 'runner'];

/** A change list shown as a `diff` block: each line starts with `+`, `-`, `~` or a space. */
export interface DiffBlock {
  summary: string;
  lines: string[];
  /** Lines not shown (a cut listing), said below the block. */
  more?: string;
}

export interface Report {
  /** One line with the counts: what happened or, in dry-run, what would happen. */
  headline: string;
  /**
   * Set when the run succeeded yet did nothing it was asked to (no files matched): the summary
   * says so with a warning mark instead of a success.
   */
  warning?: boolean;
  /** Lines right under the headline: the destructive part, why a plan was refused, a dry-run reminder. */
  callouts?: string[];
  /** Where it happened, as text and (where a person can open it) a link. */
  location?: Cell;
  /** The changes, planned or made. */
  diff?: DiffBlock;
  facts: Fact[];
  tables: ReportTable[];
  notes: string[];
  outputs: Record<string, string>;
  /**
   * Set when the run did part of its work and then failed (some items failed, or it was cancelled),
   * or when a plan was refused: the report still describes what was done or planned, and the step
   * exits with this error's code.
   */
  failure?: TaskError;
}

/** One planned change with its reason: `plan` returns a list of these, `apply` executes them. */
export interface PlannedChange {
  action: string;
  target: string;
  reason: string;
}
