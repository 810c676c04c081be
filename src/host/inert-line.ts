/**
 * The one place every printed line passes through, in both hosts and both log formats, so that no
 * substring we print (a file name, an S3 key, a secret id, a server's error text) can be read by the
 * GitHub Actions runner as a workflow command. The rules follow how the runner reads a step's stdout
 * and stderr (actions/runner: `ProcessInvoker` reads with `StreamReader.ReadLine`, then
 * `ActionCommand.TryParseV2` and `TryParse`):
 *
 * - a line ends at `\n`, `\r\n` **or a lone `\r`**;
 * - `::name::data` is a command when the line *after trimming leading white space* starts with `::`;
 * - the old form `##[name]data` is a command when it appears **anywhere** in the line (the first
 *   `##[` counts).
 *
 * Both matches are culture-sensitive .NET string comparisons, which ignore zero-width characters, so
 * an invisible character between `#` and `[` would not break them. The escapes below are plain ASCII:
 * `\u0023` for the second `#` and `\u003a` for the first `:`. In a JSON line they are ordinary JSON
 * escapes (the parsed value is unchanged); in a text line they read as what they stand for.
 */

/** `\r\n`, a lone `\r` and `\n`: each ends a line for the runner (and `\r` rewinds a terminal). */
const LINE_BREAK = /\r\n|\r|\n/;

/**
 * White space .NET's `TrimStart()` removes (Unicode white space, including U+0085, which JS `\s` lacks);
 * JS `\s` also has U+FEFF, which .NET keeps: counting it too only escapes more, never less.
 */
const COMMAND_START = /^([\s\u0085]*):(?=:)/;

const OLD_COMMAND = /##\[/g;

/** One physical line, made inert: no leading `::` (after white space), no `##[` anywhere. */
function inertPhysicalLine(line: string): string {
  return line.replace(OLD_COMMAND, '#\\u0023[').replace(COMMAND_START, '$1\\u003a');
}

/**
 * A text to print as log output: split where the runner would split it, every line made inert, joined
 * with `\n`. Lines we print end with `\n` after this.
 */
export function inertLines(text: string): string {
  return text.split(LINE_BREAK).map(inertPhysicalLine).join('\n');
}

/**
 * The data of a workflow command we issue (`::error::data`): CR and LF are escaped by the command's
 * own encoding, so only the `##[` form could still be read out of it.
 */
export function inertCommandData(text: string): string {
  return text.replace(OLD_COMMAND, '#\\u0023[');
}
