import type { AnnotationProperties, Host } from '../host/host.js';
import type { Redactor } from './redactor.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';
/** An event's own fields. A field name keeps one JSON type in every event that uses it. */
export type LogFields = Record<string, unknown>;

/** One `log-format: json` line. The schema is documented in the README ("JSON log lines"). */
export interface LogRecord {
  time: string;
  level: LogLevel;
  operation: string;
  event: string;
  message: string;
  fields: LogFields;
}

/**
 * Structured events: every line has an event name and fields. `text` prints a readable line with
 * `key=value` fields; `json` prints one object per line. Warnings and errors also become annotations
 * that carry only the message (and the runner's `title`/`file`): event names and fields are for logs.
 * Every value is redacted before it is serialised, so a JSON line stays JSON whatever the secrets are.
 */
export class Logger {
  private format: LogFormat = 'text';
  private groupOpen = false;

  constructor(
    private readonly host: Host,
    private readonly redactor: Redactor,
    private operation = '-',
    private readonly clock: () => Date = () => new Date(),
  ) {}

  configure(options: { format?: LogFormat; operation?: string }): void {
    if (options.format) this.format = options.format;
    if (options.operation) this.operation = options.operation;
  }

  get isDebug(): boolean {
    return this.host.debug;
  }

  debug(event: string, message: string, fields: LogFields = {}): void {
    if (this.host.debug) this.emit('debug', event, message, fields);
  }

  info(event: string, message: string, fields: LogFields = {}): void {
    this.emit('info', event, message, fields);
  }

  warning(
    event: string,
    message: string,
    fields: LogFields = {},
    annotation: AnnotationProperties = {},
  ): void {
    this.emit('warning', event, message, fields, annotation);
  }

  error(event: string, message: string, fields: LogFields = {}, annotation: AnnotationProperties = {}): void {
    this.emit('error', event, message, fields, annotation);
  }

  /**
   * Starts a collapsed block in the runner's log for a long listing (one line per file or key);
   * `endGroup` closes it. A JSON stream has no groups: every line there is an event.
   */
  startGroup(title: string): void {
    if (this.format === 'json' || this.groupOpen || !this.host.startGroup) return;
    this.groupOpen = true;
    this.host.startGroup(this.redactor.redact(title));
  }

  endGroup(): void {
    if (!this.groupOpen) return;
    this.groupOpen = false;
    this.host.endGroup?.();
  }

  private emit(
    level: LogLevel,
    event: string,
    message: string,
    rawFields: LogFields,
    annotation: AnnotationProperties = {},
  ): void {
    const fields = this.redactor.redactDeep(withoutUndefined(rawFields));
    const text = this.redactor.redact(message);
    const annotated = level === 'warning' || level === 'error';
    // An annotation inside a group would be folded away with the listing.
    if (annotated) this.endGroup();
    if (this.format === 'json') {
      const record: LogRecord = {
        time: this.clock().toISOString(),
        level,
        operation: this.operation,
        event,
        message: text,
        fields,
      };
      this.host.writeLine(JSON.stringify(record));
    } else if (!annotated) this.host.writeLine(formatText(level, event, text, fields));
    else if (this.host.debug) this.host.writeLine(formatText('debug', event, '', fields));
    if (annotated)
      this.host.annotate(level, text, {
        title: this.redactor.redact(annotation.title ?? `aws-task-pack ${this.operation}`),
        ...(annotation.file ? { file: this.redactor.redact(annotation.file) } : {}),
      });
  }
}

function withoutUndefined(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out;
}

function formatValue(value: unknown): string {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s;
}

function formatText(level: LogLevel, event: string, message: string, fields: LogFields): string {
  const parts = Object.entries(fields).map(([k, v]) => `${k}=${formatValue(v)}`);
  const prefix = level === 'debug' ? '[debug] ' : '';
  return `${prefix}${message ? `${message}  ` : ''}[${[`event=${event}`, ...parts].join(' ')}]`;
}
