import { CliHost } from '../host/cli-host.js';
import { OPERATIONS, type OperationName } from '../inputs/schema.js';
import { Redactor } from '../logging/redactor.js';
import { runTask } from '../run-task.js';
import { helpText, parseArgs, USAGE, UsageError } from './args.js';

export interface CliIo {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  signal?: AbortSignal;
}

/** Runs one operation from the command line and returns the exit code (the action's codes). */
export async function runCli(io: CliIo): Promise<number> {
  let args;
  try {
    args = parseArgs(io.argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`error: ${err.message}\n${USAGE}\n`);
    return 1;
  }
  const operation = args.operation as OperationName | undefined;
  if (args.help || !operation) {
    const known = operation && (OPERATIONS as readonly string[]).includes(operation) ? operation : undefined;
    (args.help ? io.stdout : io.stderr)(helpText(known));
    return args.help ? 0 : 1;
  }
  const format = args.flags.output ?? 'json';
  if (format !== 'json' && format !== 'text') {
    io.stderr('error: --output takes `json` or `text`.\n');
    return 1;
  }

  const redactor = new Redactor();
  const host = new CliHost({
    inputs: { ...args.inputs, operation },
    env: io.env,
    summaryFile: args.flags['summary-file'],
    envFile: args.flags['export-file'],
    stderr: io.stderr,
  });
  const code = await runTask(host, { signal: io.signal, redactor });
  host.flushSummary();
  // There is no runner to mask what we print: every output passes through our redaction.
  const outputs = redactor.redactDeep(host.outputs);
  if (format === 'json') io.stdout(`${JSON.stringify(outputs)}\n`);
  else
    for (const [k, v] of Object.entries(outputs))
      io.stdout(`${k}=${v.includes('\n') ? JSON.stringify(v) : v}\n`);
  return code;
}
