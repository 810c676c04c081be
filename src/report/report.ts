import type { TaskError } from '../errors.js';

/** One of our own links (console, public URL): its untrusted part already URL-encoded in `href`. */
export interface ReportLink {
  text: string;
  href: string;
}

/** A table cell: text (shown inert) or one of our links. */
export type ReportCell = string | ReportLink;

/** What an operation hands the renderer: the same structure becomes the job summary, log events and outputs. */
export interface ReportTable {
  title: string;
  columns: string[];
  rows: ReportCell[][];
  /** Shown when the table is empty. */
  empty?: string;
}

export interface Report {
  /** One line: what happened or, in dry-run, what would happen. */
  headline: string;
  facts: Array<[string, string]>;
  tables: ReportTable[];
  notes: string[];
  outputs: Record<string, string>;
  /**
   * Set when the run did part of its work and then failed (some items failed, or it was cancelled):
   * the report still describes what was done, and the step exits with this error's code.
   */
  failure?: TaskError;
}

/** One planned change with its reason: `plan` returns a list of these, `apply` executes them. */
export interface PlannedChange {
  action: string;
  target: string;
  reason: string;
}
