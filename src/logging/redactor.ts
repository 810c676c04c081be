/**
 * Replaces every registered secret with `***`. Every byte we write (logs, summary, comments, CLI
 * output) passes through here: the runner's masking is not our only line of defence.
 */
export const REDACTED = '***';

/** How a value looks inside a JSON string: a secret with `"`, `\` or a newline is written escaped. */
function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

export class Redactor {
  private readonly secrets = new Set<string>();
  private ordered: string[] = [];

  /** Registers a value; returns false when it was already known or is empty. */
  add(value: string): boolean {
    if (!value || this.secrets.has(value)) return false;
    this.secrets.add(value);
    const forms = new Set(this.ordered);
    forms.add(value);
    // A server message or a JSON value we print may quote the secret JSON-escaped: hide that form too.
    forms.add(jsonEscaped(value));
    // Longest first, so a secret that contains another is replaced whole.
    this.ordered = [...forms].sort((a, b) => b.length - a.length);
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

  /**
   * Redacts every string value inside a JSON-like value before it is serialised: redacting the
   * serialised text would cut through quotes and names (a secret `true` or `"`) and break the JSON.
   * Keys are names this program chose, never values it was given, so a schema stays a schema.
   */
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
