/**
 * How the GitHub Actions runner finds workflow commands in a step's output, after actions/runner
 * (`ProcessInvoker` reads lines with `StreamReader.ReadLine`; `ActionCommandManager.TryProcessCommand`
 * tries `ActionCommand.TryParseV2`, then `TryParse`). Stricter than the runner in one way: every name
 * counts as a command, not only the registered ones, so a test fails on anything that looks like one.
 */
export interface RunnerCommand {
  form: '::' | '##[';
  name: string;
  data: string;
  line: string;
}

/** `ReadLine` ends a line at `\n`, `\r\n` or a lone `\r`. */
export const runnerLines = (output: string): string[] => output.split(/\r\n|\r|\n/);

/** .NET `TrimStart()`: Unicode white space, U+0085 included. */
const trimStart = (line: string): string => line.replace(/^[\s\u0085]+/, '');

export function parseRunnerCommand(line: string): RunnerCommand | undefined {
  const trimmed = trimStart(line);
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end > 2) {
      const info = trimmed.slice(2, end);
      return { form: '::', name: info.split(' ')[0]!, data: trimmed.slice(end + 2), line };
    }
  }
  const prefix = line.indexOf('##[');
  if (prefix < 0) return undefined;
  const close = line.indexOf(']', prefix);
  if (close < 0) return undefined;
  return {
    form: '##[',
    name: line.slice(prefix + 3, close).split(' ')[0]!,
    data: line.slice(close + 1),
    line,
  };
}

/** Every command the runner would see in this output. */
export function runnerCommands(output: string): RunnerCommand[] {
  return runnerLines(output)
    .map(parseRunnerCommand)
    .filter((c): c is RunnerCommand => c !== undefined);
}

/**
 * Names that carry every trick: a leading `::` after white space, a lone CR or LF before `::`, and the
 * old `##[…]` form anywhere. Each injected command's data starts with `INJECTED`.
 */
export const HOSTILE_FRAGMENTS = [
  '::warning::INJECTED-1',
  ' \t::error title=x::INJECTED-2',
  'a\r::stop-commands::INJECTED-3',
  'b\n  ::add-mask::INJECTED-4',
  'c\r\n::notice::INJECTED-5',
  'd##[stop-commands]INJECTED-6',
  'e ##[set-env name=BASH_ENV]INJECTED-7',
  '\u00a0\u2003::group::INJECTED-8',
  '\u0085::debug::INJECTED-9',
];

/** The commands in `output` that a hostile name injected (none, when our output is inert). */
export const injectedCommands = (output: string): RunnerCommand[] =>
  runnerCommands(output).filter((c) => c.data.startsWith('INJECTED'));
