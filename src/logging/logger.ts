import type { Host } from '../host/host.js';
import type { Redactor } from './redactor.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogLevel = 'debug' | 'info' | 'warning' | 'error';
export type LogFields = Record<string, unknown>;

/**
 * Structured events: every line has an event name and fields. `text` prints a readable line with
 * `key=value` fields; `json` prints one object per line. Warnings and errors also become annotations.
 * Everything is redacted before it reaches the host.
 */
export class Logger {
  private format: LogFormat = 'text';

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

  warning(event: string, message: string, fields: LogFields = {}): void {
    this.emit('warning', event, message, fields);
  }

  error(event: string, message: string, fields: LogFields = {}): void {
    this.emit('error', event, message, fields);
  }

  private emit(level: LogLevel, event: string, message: string, rawFields: LogFields): void {
    const fields = this.redactor.redactDeep(rawFields);
    const text = this.redactor.redact(message);
    if (this.format === 'json') {
      const record = {
        time: this.clock().toISOString(),
        level,
        operation: this.operation,
        event,
        message: text,
        ...fields,
      };
      this.host.writeLine(this.redactor.redact(JSON.stringify(record)));
      if (level === 'warning' || level === 'error') this.host.annotate(level, text);
      return;
    }
    const line = this.redactor.redact(formatText(level, event, text, fields));
    if (level === 'warning' || level === 'error') this.host.annotate(level, line);
    else this.host.writeLine(line);
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return '';
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  return /[\s"=]/.test(s) || s === '' ? JSON.stringify(s) : s;
}

function formatText(level: LogLevel, event: string, message: string, fields: LogFields): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${formatValue(v)}`);
  const prefix = level === 'debug' ? '[debug] ' : '';
  return `${prefix}${message}  [${[`event=${event}`, ...parts].join(' ')}]`;
}
