/**
 * Replaces every registered secret with `***`. Every byte we write (logs, summary, comments, CLI
 * output) passes through here: the runner's masking is not our only line of defence.
 */
export const REDACTED = '***';

export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a value; returns false when it was already known or is empty. */
  add(value: string): boolean {
    if (!value || this.secrets.has(value)) return false;
    this.secrets.add(value);
    // Longest first, so a secret that contains another is replaced whole.
    this.ordered = [...this.secrets].sort((a, b) => b.length - a.length);
    return true;
  }

  has(value: string): boolean {
    return this.secrets.has(value);
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.ordered) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }

  /** Redacts every string inside a JSON-like value, before it is serialised (escaping would hide a match). */
  redactDeep<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactDeep(v)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.redactDeep(v);
      return out as T;
    }
    return value;
  }
}
