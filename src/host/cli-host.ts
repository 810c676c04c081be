import {
  appendFileSync,
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  openSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import type { AnnotationLevel, AnnotationProperties, Host } from './host.js';
import { inertLines } from './inert-line.js';

export interface CliHostOptions {
  inputs: Record<string, string>;
  env: Record<string, string | undefined>;
  summaryFile?: string;
  envFile?: string;
  /** Where logs and (without a summary file) the summary go. */
  stderr: (text: string) => void;
}

/** The environment variable that can carry an input: `AWS_TASK_PACK_KEY_PREFIX` for `key-prefix`. */
export function envNameFor(input: string): string {
  return `AWS_TASK_PACK_${input.toUpperCase().replace(/-/g, '_')}`;
}

/**
 * Opens the export file for writing secret values: never through a symbolic link (it could lead
 * anywhere), and 0600 whether it is new or was already there. Throws a message for the user.
 */
function openExportFile(path: string): number {
  if (lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink())
    throw new Error(`--export-file ${path} is a symbolic link; give the path of a regular file`);
  let fd: number;
  try {
    // O_NOFOLLOW closes the gap between the check above and the open (where the platform has it).
    fd = openSync(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0),
      0o600,
    );
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new Error(
      code === 'ELOOP'
        ? `--export-file ${path} is a symbolic link; give the path of a regular file`
        : `--export-file ${path} cannot be written (${code ?? (err as Error).message})`,
    );
  }
  try {
    fchmodSync(fd, 0o600);
  } catch (err) {
    closeSync(fd);
    throw new Error(
      `--export-file ${path} cannot be made private (mode 0600): ${(err as { code?: string }).code ?? (err as Error).message}; nothing was written`,
    );
  }
  return fd;
}

/** Single-quoted for POSIX shells: `'` becomes `'\''`. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The CLI as a host: inputs from flags, then `AWS_TASK_PACK_<INPUT>` variables; logs and annotations
 * to stderr; outputs collected for stdout; no runner masking (our redaction is all there is), no
 * GitHub token endpoint (web identity comes from a token file).
 */
export class CliHost implements Host {
  readonly env: Record<string, string | undefined>;
  readonly debug: boolean;
  readonly tempDir = tmpdir();
  readonly outputs: Record<string, string> = {};
  private summary = '';
  private readonly exportFd?: number;

  constructor(private readonly options: CliHostOptions) {
    this.env = options.env;
    this.debug = options.env.RUNNER_DEBUG === '1' || options.env.AWS_TASK_PACK_DEBUG === '1';
    if (options.envFile) this.exportFd = openExportFile(options.envFile);
  }

  getInput(name: string): string | undefined {
    const value = this.options.inputs[name] ?? this.env[envNameFor(name)];
    if (value?.trim()) return value.trim();
    // The variables other CIs and the SDK already use for web identity.
    if (name === 'web-identity-token-file') return this.env.AWS_WEB_IDENTITY_TOKEN_FILE?.trim() || undefined;
    // AWS_ROLE_ARN goes with a token file however it was given (flag, either variable).
    if (name === 'role-to-assume' && this.getInput('web-identity-token-file'))
      return this.env.AWS_ROLE_ARN?.trim() || undefined;
    if (name === 'role-session-name') return this.env.AWS_ROLE_SESSION_NAME?.trim() || undefined;
    return undefined;
  }

  /** The flags given; `AWS_TASK_PACK_*` variables are left out, since one environment may serve several operations. */
  givenInputs(): Record<string, string> {
    return { ...this.options.inputs };
  }

  /** The CLI often runs inside a workflow step, whose runner reads stderr for commands too. */
  private print(text: string): void {
    this.options.stderr(`${inertLines(text)}\n`);
  }

  writeLine(line: string): void {
    this.print(line);
  }

  /** `log-format: json` makes stderr a stream of JSON lines, where nothing else may go. */
  private get jsonLogs(): boolean {
    return this.getInput('log-format') === 'json';
  }

  annotate(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): void {
    // The JSON line of the same event already carries its level.
    if (this.jsonLogs) return;
    this.print(`${level}: ${properties.file ? `${properties.file}: ` : ''}${message}`);
  }

  maskValue(): void {
    // No runner to tell: the redactor is what keeps values out of our output.
  }

  setOutput(name: string, value: string): void {
    this.outputs[name] = value;
  }

  exportVariable(name: string, value: string): void {
    if (this.exportFd !== undefined) appendFileSync(this.exportFd, `export ${name}=${shellQuote(value)}\n`);
  }

  async appendSummary(markdown: string): Promise<void> {
    this.summary += markdown;
  }

  /** Closes the export file; the host writes nothing more after this. */
  close(): void {
    if (this.exportFd !== undefined) closeSync(this.exportFd);
  }

  /** The summary, for the caller to write once the run is over. */
  flushSummary(): void {
    if (!this.summary) return;
    if (this.options.summaryFile) writeFileSync(this.options.summaryFile, this.summary);
    // With JSON logs the Markdown would break the stream: it goes only to `--summary-file`.
    else if (!this.jsonLogs) this.print(`\n${this.summary}`);
  }

  canRequestIdToken(): boolean {
    return false;
  }

  requestIdToken(): Promise<string> {
    return Promise.reject(
      new Error('The CLI cannot request a GitHub ID token; use --web-identity-token-file.'),
    );
  }
}
