import { INPUTS, OPERATIONS, inputsFor, type InputSpec, type OperationName } from '../operations/schema.js';
import { closest } from '../util/closest.js';
import { CLI_FLAGS, placeholderFor, type CliFlag } from './flags.js';
import { envNameFor } from '../host/cli-host.js';

export { envNameFor };

export type Command =
  | { kind: 'help'; operation?: OperationName }
  | { kind: 'version' }
  | {
      kind: 'run';
      operation: OperationName;
      inputs: Record<string, string>;
      flags: Partial<Record<CliFlag, string>>;
    };

/** A command line that cannot run: exit 1 before anything else happens. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The operation whose help the message points to, when known. */
    readonly operation?: OperationName,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `AWS_TASK_PACK_*` variables that are not the CLI's own settings. */
const ENV_SETTINGS = new Set(['AWS_TASK_PACK_DEBUG']);

const BOOLEAN_WORDS = new Set(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

const isOperation = (word: string): word is OperationName => (OPERATIONS as readonly string[]).includes(word);

/** The other names of these inputs (their aliases in the schema), accepted as flags too. */
const aliasesOf = (inputs: readonly string[]): string[] =>
  inputs.flatMap((n) => Object.keys((INPUTS[n as keyof typeof INPUTS] as InputSpec).aliases ?? {}));

/** Flag names (without `--`) an invocation of `operation` accepts. */
export function flagsOf(operation: OperationName): string[] {
  const inputs = [...inputsFor(operation), ...inputsFor('common').filter((n) => n !== 'operation')];
  return [...inputs, ...aliasesOf(inputs), ...Object.keys(CLI_FLAGS)];
}

const isInput = (name: string): boolean => name in INPUTS && name !== 'operation';
const ALIASES: ReadonlySet<string> = new Set(aliasesOf(Object.keys(INPUTS)));

/** A word on the command line that is a flag rather than a value (`--x`, `-h`). */
const looksLikeFlag = (arg: string): boolean => arg.startsWith('--') || /^-[a-zA-Z]$/.test(arg);

function unknownOperation(word: string): UsageError {
  const guess = closest(word, OPERATIONS) as OperationName | undefined;
  return new UsageError(
    `unknown operation "${word}".${guess ? ` Did you mean ${guess}?` : ''} Operations: ${OPERATIONS.join(', ')}.`,
    guess,
  );
}

/**
 * `aws-task-pack <operation> --flag value --flag=value --yes-no-flag`. A flag given twice (two
 * `--path`) becomes two lines of that input. Everything that is not exactly right is a UsageError:
 * unknown operations and flags (with the closest match), a flag of another operation, a flag that
 * takes a value and has none (`--bucket --prefix x` never means the bucket `--prefix` or `true`).
 */
export function parseArgs(argv: readonly string[]): Command {
  const positionals: string[] = [];
  const given: Array<{ name: string; value: string }> = [];
  let help = false;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '-v' || arg === '--version') version = true;
    else if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq >= 0 ? eq : undefined);
      const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      const known = name in CLI_FLAGS || isInput(name) || ALIASES.has(name);
      if (inline !== undefined) {
        given.push({ name, value: inline });
        continue;
      }
      if (!known) {
        // Reported once the operation is known; the word after it was most likely its value.
        const next = argv[i + 1];
        given.push({ name, value: next !== undefined && !looksLikeFlag(next) ? argv[++i]! : '' });
        continue;
      }
      const placeholder = name in CLI_FLAGS ? CLI_FLAGS[name as CliFlag].placeholder : placeholderFor(name);
      const next = argv[i + 1];
      if (placeholder === undefined) {
        // A yes/no flag takes the next word only when it is a boolean.
        given.push({ name, value: next !== undefined && BOOLEAN_WORDS.has(next) ? argv[++i]! : 'true' });
        continue;
      }
      if (next === undefined || looksLikeFlag(next))
        throw new UsageError(
          `--${name} needs a value (--${name} ${placeholder})${next === undefined ? '' : `, but is followed by ${next}`}.`,
          positionals.find(isOperation),
        );
      given.push({ name, value: argv[++i]! });
    } else if (arg.startsWith('-') && arg.length > 1) {
      throw new UsageError(`unknown flag ${arg}.`, positionals.find(isOperation));
    } else positionals.push(arg);
  }

  const [first, ...more] = positionals;
  if (first === 'help' || (help && !version)) {
    const topic = first === 'help' ? more[0] : first;
    if (topic !== undefined && !isOperation(topic)) throw unknownOperation(topic);
    return { kind: 'help', operation: topic };
  }
  if (version || first === 'version') return { kind: 'version' };
  if (first === undefined) throw new UsageError('no operation given.');
  if (!isOperation(first)) throw unknownOperation(first);
  if (more.length)
    throw new UsageError(
      `unexpected argument "${more[0]}": give values with a flag (--prefix ${more[0]}).`,
      first,
    );

  const accepted = flagsOf(first);
  const inputs: Record<string, string> = {};
  const flags: Partial<Record<CliFlag, string>> = {};
  for (const { name, value } of given) {
    if (!accepted.includes(name)) {
      if (isInput(name)) {
        const owners = ((INPUTS[name as keyof typeof INPUTS] as InputSpec).operations ?? []).join(', ');
        throw new UsageError(`--${name} is not a flag of ${first} (it belongs to ${owners}).`, first);
      }
      const guess = closest(name, accepted);
      throw new UsageError(`unknown flag --${name}.${guess ? ` Did you mean --${guess}?` : ''}`, first);
    }
    if (name in CLI_FLAGS) flags[name as CliFlag] = value;
    else inputs[name] = inputs[name] !== undefined ? `${inputs[name]}\n${value}` : value;
  }
  return { kind: 'run', operation: first, inputs, flags };
}

/**
 * `AWS_TASK_PACK_*` variables that name no input: a typo there would silently fall back to a default.
 * Variables of inputs that belong to other operations are fine (one environment, several commands).
 */
export function unknownEnvironmentInputs(env: Record<string, string | undefined>): string[] {
  const inputs = Object.keys(INPUTS).filter(isInput);
  const names = new Set([...inputs, ...aliasesOf(inputs)].map(envNameFor));
  return Object.keys(env)
    .filter((k) => k.startsWith('AWS_TASK_PACK_') && !names.has(k) && !ENV_SETTINGS.has(k))
    .map((k) => {
      const guess = closest(k, [...names]);
      return `${k}${guess ? ` (did you mean ${guess}?)` : ''}`;
    });
}
