/**
 * Everything an operation may ask of the environment it runs in. The GitHub Actions runner and the
 * CLI are two hosts; tests use a third. Operations never import `@actions/core`.
 */
export type AnnotationLevel = 'warning' | 'error' | 'notice';

/** The runner's annotation properties: a short title, and the file the message is about. */
export interface AnnotationProperties {
  title?: string;
  /** A path relative to the repository root. */
  file?: string;
}

export interface Host {
  /** The raw value of an input, trimmed; undefined when not given or empty. */
  getInput(name: string): string | undefined;
  /**
   * Every input this step received, declared or not (names in lower case, raw values), so that an
   * input no operation reads is refused instead of silently ignored.
   */
  givenInputs(): Record<string, string>;
  /** The process environment as the step sees it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when debug events should be shown (RUNNER_DEBUG=1). */
  readonly debug: boolean;

  /** Writes one already-redacted line of log output. */
  writeLine(line: string): void;
  /** Raises an annotation (already redacted). */
  annotate(level: AnnotationLevel, message: string, properties?: AnnotationProperties): void;
  /** Folds the lines up to `endGroup` into one collapsed block, where the host has such blocks. */
  startGroup?(title: string): void;
  endGroup?(): void;

  /** Tells the host's own masking about a secret value (the runner's `::add-mask::`). */
  maskValue(value: string): void;

  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  /** Appends Markdown to the job summary (already redacted). No-op where the host has none. */
  appendSummary(markdown: string): Promise<void>;

  /**
   * Whether this host can mint an OIDC ID token itself (GitHub: `id-token: write` granted).
   * The CLI host never can; it reads token files.
   */
  canRequestIdToken(): boolean;
  /** Mints a fresh OIDC ID token for the audience; one attempt, bounded by `timeoutMs`. */
  requestIdToken(audience: string, timeoutMs: number): Promise<string>;

  /** A directory for files the step leaves behind (manifests, full listings). */
  readonly tempDir: string;
}

/** Raised by a host when the token endpoint refuses or cannot be reached. */
export class IdTokenRequestError extends Error {
  /** Another attempt may succeed: server trouble, a timeout, or a status the host cannot tell. */
  readonly retryable: boolean;
  constructor(
    message: string,
    readonly status?: number,
    options: { retryable?: boolean } = {},
  ) {
    super(message);
    this.name = 'IdTokenRequestError';
    // 401/403/404 will not change by asking again.
    this.retryable = options.retryable ?? (status === undefined || status >= 500 || status === 429);
  }
}
