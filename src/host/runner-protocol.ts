import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The GitHub Actions runner's protocol, as documented in "Workflow commands for GitHub Actions":
 * `::command::data` lines on stdout, and the environment files (`GITHUB_OUTPUT`, `GITHUB_ENV`,
 * `GITHUB_STEP_SUMMARY`). Written here rather than through `@actions/core`, whose HTTP stack (loaded
 * for the OIDC client it also carries) costs ~50 ms of start-up on every step; the ID token request
 * loads `@actions/http-client` only when it is made.
 */

/** A command's data: `%`, CR and LF are escaped so one command stays one line. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property (`name=...`): `:` and `,` are escaped too. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Writes `::name key=value,…::data` to stdout; properties without a value are left out. */
export function issueCommand(
  name: 'error' | 'warning' | 'notice' | 'add-mask' | 'group' | 'endgroup',
  data: string,
  properties: Record<string, string | undefined> = {},
): void {
  const props = Object.entries(properties)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${escapeProperty(v!)}`)
    .join(',');
  process.stdout.write(`::${name}${props ? ` ${props}` : ''}::${escapeData(data)}${EOL}`);
}

/** The value of input `name` (`INPUT_<NAME>`, spaces as `_`), trimmed; '' when unset. */
export function inputValue(name: string, env: NodeJS.ProcessEnv = process.env): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/**
 * The inputs the runner passed, by name, with their raw values: one `INPUT_<NAME>` per `with:` key
 * (declared or not) and per input `action.yml` declares (its default, or ''), upper-cased with spaces
 * as `_` (`max-deletes` arrives as `INPUT_MAX-DELETES`). Names come back lower-cased; the case a
 * workflow used is lost on the way.
 */
export function inputsIn(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([key]) => key.startsWith('INPUT_') && key.length > 'INPUT_'.length)
      .map(([key, value]) => [key.slice('INPUT_'.length).toLowerCase(), value ?? '']),
  );
}

/**
 * A `name<<delimiter` block for an environment file, with a random delimiter that neither the name
 * nor the value contains (else the value could end the block early and write more entries).
 */
export function fileEntry(name: string, value: string): string {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`Unexpected input: the name or value of ${name} contains the delimiter ${delimiter}`);
  return `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`;
}

/** Appends a `name<<delimiter` entry to an environment file; false when the runner named none. */
export function appendToEnvFile(file: string | undefined, name: string, value: string): boolean {
  if (!file) return false;
  appendFileSync(file, fileEntry(name, value), 'utf8');
  return true;
}
