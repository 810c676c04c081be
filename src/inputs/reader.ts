import { InputError } from '../errors.js';
import type { InputSpec } from './spec.js';

const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);

/** Shows a value in an error message without flooding it. */
export function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

/**
 * Typed access to the raw inputs, applying the schema's defaults. Every accessor throws InputError
 * naming the input, the value and the expected form. Reading inputs never makes a request.
 */
export class InputReader<N extends string = string> {
  constructor(
    private readonly raw: (name: string) => string | undefined,
    /** The schema, for defaults; the names it knows are the names a parser may ask for. */
    private readonly specs: Readonly<Record<N, InputSpec>>,
  ) {}

  /** The given value, or the schema default, or undefined. */
  string(name: N): string | undefined {
    const value = this.raw(name)?.trim();
    if (value) {
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
        throw new InputError(name, 'contains control characters', 'printable text');
      return value;
    }
    return this.specs[name].default;
  }

  given(name: N): boolean {
    return Boolean(this.raw(name)?.trim());
  }

  required(name: N, operation: string): string {
    const value = this.string(name);
    if (!value) throw new InputError(name, `is required by \`${operation}\``);
    return value;
  }

  /** YAML 1.2 core booleans only: a typo never silently means false. */
  boolean(name: N, fallback?: boolean): boolean {
    const value = this.string(name);
    if (value === undefined) {
      if (fallback === undefined) throw new InputError(name, 'is required');
      return fallback;
    }
    if (TRUE.has(value)) return true;
    if (FALSE.has(value)) return false;
    throw new InputError(name, `${quote(value)} is not a boolean`, '`true` or `false`');
  }

  integer(name: N, min: number, max: number): number {
    const value = this.string(name);
    if (value === undefined)
      throw new InputError(name, 'is required', `a whole number from ${min} to ${max}`);
    if (!/^\d+$/.test(value))
      throw new InputError(name, `${quote(value)} is not a whole number`, `${min}–${max}`);
    const n = Number(value);
    if (n < min || n > max)
      throw new InputError(name, `${n} is out of range`, `a whole number from ${min} to ${max}`);
    return n;
  }

  choice<T extends string>(name: N, choices: readonly T[]): T {
    const value = this.string(name);
    if (value === undefined || !(choices as readonly string[]).includes(value))
      throw new InputError(
        name,
        value === undefined ? 'is required' : `${quote(value)} is not allowed`,
        `one of ${choices.map((c) => `\`${c}\``).join(', ')}`,
      );
    return value as T;
  }

  /** Non-empty lines, trimmed; lines starting with `#` are comments. */
  lines(name: N): string[] {
    const value = this.string(name);
    if (!value) return [];
    return value
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
  }

  /** Items separated by commas and/or newlines. */
  list(name: N): string[] {
    return this.lines(name).flatMap((l) =>
      l
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  }
}
