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
    /** The schema, for defaults and aliases; the names it knows are the names a parser may ask for. */
    private readonly specs: Readonly<Record<N, InputSpec>>,
  ) {}

  /** The name the input was given under (one of its aliases, or its own), for messages. */
  private label(name: N): string {
    return this.givenAs(name)?.as ?? name;
  }

  /** The non-empty value and the name it came under: the input's own name or one of its aliases. */
  private givenAs(name: N): { as: string; value: string } | undefined {
    const names = [name, ...Object.keys(this.specs[name].aliases ?? {})];
    const given = names.flatMap((as) => {
      const value = this.raw(as)?.trim();
      return value ? [{ as, value }] : [];
    });
    if (given.length > 1)
      throw new InputError(
        given[0]!.as,
        `is also given as \`${given[1]!.as}\`, another name of the same input`,
        'one of the two',
      );
    return given[0];
  }

  /** The given value, or the schema default, or undefined. */
  string(name: N): string | undefined {
    const value = this.givenAs(name)?.value;
    if (value) {
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value))
        throw new InputError(this.label(name), 'contains control characters', 'printable text');
      return value;
    }
    return this.specs[name].default;
  }

  given(name: N): boolean {
    return this.givenAs(name) !== undefined;
  }

  required(name: N, operation: string): string {
    const value = this.string(name);
    if (!value) throw new InputError(this.label(name), `is required by \`${operation}\``);
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
    throw new InputError(this.label(name), `${quote(value)} is not a boolean`, '`true` or `false`');
  }

  integer(name: N, min: number, max: number): number {
    const value = this.string(name);
    if (value === undefined)
      throw new InputError(name, 'is required', `a whole number from ${min} to ${max}`);
    if (!/^\d+$/.test(value))
      throw new InputError(this.label(name), `${quote(value)} is not a whole number`, `${min}–${max}`);
    const n = Number(value);
    if (n < min || n > max)
      throw new InputError(this.label(name), `${n} is out of range`, `a whole number from ${min} to ${max}`);
    return n;
  }

  /** One of `choices`; with `ignoreCase`, `Uppercase` is `uppercase` (as other actions accept it). */
  choice<T extends string>(name: N, choices: readonly T[], options: { ignoreCase?: boolean } = {}): T {
    const given = this.string(name);
    const value = options.ignoreCase ? given?.toLowerCase() : given;
    if (value === undefined || !(choices as readonly string[]).includes(value))
      throw new InputError(
        this.label(name),
        given === undefined ? 'is required' : `${quote(given)} is not allowed`,
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
