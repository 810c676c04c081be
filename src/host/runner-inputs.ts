/**
 * The inputs the runner passed, by name, with their raw values: one `INPUT_<NAME>` per `with:` key
 * (declared or not) and per input `action.yml` declares (its default, or ''), upper-cased with spaces
 * as `_` (`max-deletes` arrives as `INPUT_MAX-DELETES`). Names come back lower-cased; the case a
 * workflow used is lost on the way. `@actions/core` reads one named input; it cannot list them.
 */
export function inputsIn(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([key]) => key.startsWith('INPUT_') && key.length > 'INPUT_'.length)
      .map(([key, value]) => [key.slice('INPUT_'.length).toLowerCase(), value ?? '']),
  );
}
