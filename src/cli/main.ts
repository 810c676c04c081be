import { CliHost } from '../host/cli-host.js';
import { inertLines } from '../host/inert-line.js';
import { Redactor } from '../logging/redactor.js';
import { runTask } from '../run-task.js';
import { VERSION } from '../version.js';
import { parseArgs, unknownEnvironmentInputs, UsageError } from './args.js';
import { helpText, USAGE } from './help.js';
import { inputsAsFlags } from './input-names.js';
import { typedOutputs } from './outputs.js';
import { Terminal } from './terminal.js';
import { summaryAsText } from './terminal-summary.js';

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** stderr is a terminal: a live progress line and bold headings (unless NO_COLOR). */
  stderrIsTTY?: boolean;
  signal?: AbortSignal;
}

/** Exit codes after which the summary only repeats the error line: nothing was requested or changed. */
const NOTHING_RAN = new Set([1, 2]);

function usageError(io: CliIo, err: UsageError): number {
  const pointer = err.operation
    ? `Run 'aws-task-pack ${err.operation} --help' for its flags.`
    : "Run 'aws-task-pack --help' for the operations and flags.";
  io.stderr(`error: ${inertLines(err.message)}\n${USAGE}\n${pointer}\n`);
  return 1;
}

/** Runs one command line and returns the exit code (the action's codes). */
export async function runCli(io: CliIo): Promise<number> {
  let command;
  try {
    command = parseArgs(io.argv);
    const unknownEnv = command.kind === 'run' ? unknownEnvironmentInputs(io.env) : [];
    if (command.kind === 'run' && unknownEnv.length)
      throw new UsageError(
        `unknown variable ${unknownEnv.join(', ')}: AWS_TASK_PACK_<NAME> variables name flags.`,
        command.operation,
      );
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return usageError(io, err);
  }
  if (command.kind === 'version') {
    io.stdout(`aws-task-pack ${VERSION}\n`);
    return 0;
  }
  if (command.kind === 'help') {
    io.stdout(helpText(command.operation));
    return 0;
  }
  const { operation, flags } = command;
  const format = flags.output ?? 'json';
  if (format !== 'json' && format !== 'text')
    return usageError(io, new UsageError(`--output takes json or text, not "${format}".`, operation));

  const terminal = new Terminal(io.stderr, io.stderrIsTTY === true);
  let stderr = (text: string): void => terminal.print(text);
  const redactor = new Redactor();
  let host: CliHost;
  try {
    host = new CliHost({
      inputs: { ...command.inputs, operation },
      env: io.env,
      summaryFile: flags['summary-file'],
      envFile: flags['export-file'],
      stderr: (text) => stderr(text),
    });
  } catch (err) {
    io.stderr(`error: ${inertLines((err as Error).message)}\n`);
    return 1;
  }
  const code = await runTask(host, { signal: io.signal, redactor }).finally(() => host.close());
  terminal.clearProgress();

  // Without --summary-file the host hands the summary to stderr: catch it and show it as text.
  let summary = '';
  stderr = (text) => (summary += text);
  host.flushSummary();
  if (summary.trim() && !NOTHING_RAN.has(code)) {
    const bold = io.stderrIsTTY === true && !io.env.NO_COLOR;
    // Turning Markdown into text undoes its escapes: the text is made inert again, like every line.
    io.stderr(`\n${inertLines(summaryAsText(inputsAsFlags(summary), { bold }))}`);
  }

  // There is no runner to mask what we print: every output passes through our redaction.
  const outputs = redactor.redactDeep(host.outputs);
  // Made inert like every log line (a step may run the CLI); the escapes are JSON's own, so a value
  // that needed one is printed JSON-quoted and parses back unchanged.
  if (format === 'json') io.stdout(`${inertLines(JSON.stringify(typedOutputs(operation, outputs)))}\n`);
  else
    for (const [k, v] of Object.entries(outputs)) {
      const plain = inertLines(v) === v && !/[\r\n]/.test(v);
      io.stdout(`${inertLines(`${k}=${plain ? v : JSON.stringify(v)}`)}\n`);
    }
  return code;
}
