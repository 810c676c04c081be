import { InputError } from '../../errors.js';

/**
 * Names a secret may not export as environment variables, because a later step, the shell, a language
 * runtime or the runner itself gives them meaning: they would let whoever writes the secret run code
 * in later steps (`BASH_ENV`, `LD_PRELOAD`, `NODE_OPTIONS`, …), redirect the runner's files
 * (`GITHUB_ENV`) or replace credentials (`AWS_*`, `GITHUB_TOKEN`). Compared without regard to case, as
 * Windows runners do. README "Secrets never reach the log" lists them; keep the two in step.
 */
export const REFUSED_NAMES: readonly string[] = [
  'PATH',
  'HOME',
  'SHELL',
  'ENV',
  'BASH_ENV',
  'IFS',
  'PS4',
  'PROMPT_COMMAND',
  'CDPATH',
  'NODE_OPTIONS',
  'NODE_PATH',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'PYTHONHOME',
  'PERL5OPT',
  'PERL5LIB',
  'PERLLIB',
  'RUBYOPT',
  'RUBYLIB',
  'JAVA_TOOL_OPTIONS',
  'JDK_JAVA_OPTIONS',
  '_JAVA_OPTIONS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
  'GIT_EXEC_PATH',
  'GIT_PROXY_COMMAND',
  'SSH_ASKPASS',
];

/** Name prefixes refused the same way. `AWS_` is allowed as an explicit alias (see below). */
export const REFUSED_PREFIXES: readonly string[] = [
  'BASH_FUNC_',
  'LD_',
  'DYLD_',
  'GIT_CONFIG_',
  'GITHUB_',
  'RUNNER_',
  'ACTIONS_',
  'INPUT_',
  'AWS_',
];

/** A variable about to be exported: its final name and where it came from. */
export interface ExportedName {
  name: string;
  secretName: string;
  /** The name the `ALIAS` of the `secret-ids` line gives on its own, when the line has a non-blank one. */
  aliasName?: string;
}

/**
 * Why the name may not be exported, or undefined when it may. An `AWS_*` name passes only when the
 * user wrote exactly that name as the alias (`AWS_ACCESS_KEY_ID,ci/keys`); a JSON key or a secret's
 * name never chooses one.
 */
export function refusedVariableName(variable: ExportedName): string | undefined {
  const upper = variable.name.toUpperCase();
  if (REFUSED_NAMES.includes(upper))
    return `${variable.name} is a name the shell, a runtime or the runner acts on`;
  const prefix = REFUSED_PREFIXES.find((p) => upper.startsWith(p));
  if (!prefix) return undefined;
  if (prefix === 'AWS_' && variable.aliasName === variable.name) return undefined;
  return prefix === 'AWS_'
    ? `${variable.name} would replace AWS settings or credentials of later steps; only an alias naming it exactly may export it`
    : `names starting with ${prefix} are the runner's, a loader's or a shell's`;
}

/**
 * Refuses the whole export when any name is refused: nothing is exported, written or set. The message
 * names the secret and the variable, never a value.
 */
export function assertNoRefusedNames(variables: ExportedName[]): void {
  for (const v of variables) {
    const why = refusedVariableName(v);
    if (why)
      throw new InputError(
        'secret-ids',
        `${v.secretName} would export the variable ${v.name}, which is refused: ${why}`,
        'an alias (`ALIAS,name`) that gives the secret another name, `json-keys` that leave the key out, or `export-env: false`',
      );
  }
}
