import { tmpdir } from 'node:os';
import type { AnnotationLevel, AnnotationProperties, Host } from '../../src/host/host.js';

/** Everything the code under test did to the host, in order. */
export type HostEvent =
  | { type: 'line'; text: string }
  | { type: 'annotation'; level: AnnotationLevel; text: string; properties?: AnnotationProperties }
  | { type: 'mask'; value: string }
  | { type: 'output'; name: string; value: string }
  | { type: 'export'; name: string; value: string }
  | { type: 'summary'; markdown: string }
  | { type: 'id-token'; audience: string; timeoutMs: number };

/** One scripted answer of `requestIdToken`: a token, an error to throw, or a function of the call number. */
export type IdTokenAnswer = string | Error | ((call: number, audience: string) => string | Promise<string>);

export interface FakeHostOptions {
  inputs?: Record<string, string | undefined>;
  env?: Record<string, string | undefined>;
  debug?: boolean;
  tempDir?: string;
  /**
   * When given, the host can mint ID tokens: each call takes the next answer, and the last one repeats.
   * Absent: `canRequestIdToken()` is false (no `id-token: write`).
   */
  idTokens?: IdTokenAnswer[];
}

/** A GitHub Actions context as the runner sets it. */
export function githubEnv(
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_RUN_ID: '987654321',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_ACTOR: 'octocat',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    ...extra,
  };
}

/** The default token of the n-th request: distinct per call, so tests can tell them apart. */
export function idTokenFor(call: number): string {
  return `eyJhbGciOiJSUzI1NiJ9.fake-oidc-token-${call}.signature-${call}`;
}

/** An in-memory Host: inputs from a record, everything written recorded as events. */
export class FakeHost implements Host {
  readonly events: HostEvent[] = [];
  readonly inputs: Record<string, string | undefined>;
  readonly env: Record<string, string | undefined>;
  readonly debug: boolean;
  readonly tempDir: string;
  private readonly idTokens?: IdTokenAnswer[];
  idTokenCalls = 0;

  constructor(options: FakeHostOptions = {}) {
    this.inputs = { ...options.inputs };
    this.env = { ...options.env };
    this.debug = options.debug ?? false;
    this.tempDir = options.tempDir ?? tmpdir();
    this.idTokens = options.idTokens;
  }

  getInput(name: string): string | undefined {
    const value = this.inputs[name]?.trim();
    return value ? value : undefined;
  }

  givenInputs(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.inputs).filter((e): e is [string, string] => e[1] !== undefined),
    );
  }

  writeLine(line: string): void {
    this.events.push({ type: 'line', text: line });
  }

  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void {
    this.events.push({ type: 'annotation', level, text: message, ...(properties ? { properties } : {}) });
  }

  maskValue(value: string): void {
    this.events.push({ type: 'mask', value });
  }

  setOutput(name: string, value: string): void {
    this.events.push({ type: 'output', name, value });
  }

  exportVariable(name: string, value: string): void {
    this.events.push({ type: 'export', name, value });
  }

  async appendSummary(markdown: string): Promise<void> {
    this.events.push({ type: 'summary', markdown });
  }

  canRequestIdToken(): boolean {
    return this.idTokens !== undefined && this.idTokens.length > 0;
  }

  async requestIdToken(audience: string, timeoutMs: number): Promise<string> {
    const call = ++this.idTokenCalls;
    this.events.push({ type: 'id-token', audience, timeoutMs });
    if (!this.idTokens?.length) throw new Error('FakeHost: requestIdToken called on a host that cannot mint');
    const answer = this.idTokens[Math.min(call, this.idTokens.length) - 1]!;
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(call, audience);
    return answer;
  }

  // ---- views over the event log ----

  get lines(): string[] {
    return this.events.flatMap((e) => (e.type === 'line' ? [e.text] : []));
  }

  annotations(level?: AnnotationLevel): string[] {
    return this.events.flatMap((e) =>
      e.type === 'annotation' && (level === undefined || e.level === level) ? [e.text] : [],
    );
  }

  get errors(): string[] {
    return this.annotations('error');
  }

  get warnings(): string[] {
    return this.annotations('warning');
  }

  get masks(): string[] {
    return this.events.flatMap((e) => (e.type === 'mask' ? [e.value] : []));
  }

  /** The last value set per output. */
  get outputs(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.events) if (e.type === 'output') out[e.name] = e.value;
    return out;
  }

  get exported(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.events) if (e.type === 'export') out[e.name] = e.value;
    return out;
  }

  get summary(): string {
    return this.events.flatMap((e) => (e.type === 'summary' ? [e.markdown] : [])).join('');
  }

  /** Every text the host was given that a reader of the log, outputs, env or summary could see. */
  static visibleText(e: HostEvent): string | undefined {
    switch (e.type) {
      case 'line':
      case 'annotation':
        return e.text;
      case 'output':
      case 'export':
        return `${e.name}=${e.value}`;
      case 'summary':
        return e.markdown;
      default:
        return undefined;
    }
  }

  /** Index of the first `maskValue(value)` event, or -1. */
  maskIndex(value: string): number {
    return this.events.findIndex((e) => e.type === 'mask' && e.value === value);
  }

  /** Index of the first event (other than a mask) whose visible text contains `value`, or -1. */
  firstVisibleIndex(value: string): number {
    return this.events.findIndex((e) => FakeHost.visibleText(e)?.includes(value) ?? false);
  }
}
