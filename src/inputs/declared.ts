import { InputError } from '../errors.js';
import { closest } from '../util/closest.js';
import { OTHER_ACTION_INPUTS } from './other-actions.js';
import type { InputSpec, OperationName } from './spec.js';

/**
 * No input is silently ignored. The runner hands a JavaScript action every `with:` key, declared or
 * not (as `INPUT_<NAME>`, only warning about unexpected ones in a line nobody reads), so a typo such
 * as `max-delete: 10` would otherwise fall back to the default of `max-deletes`. Works from the
 * assembled schema it is given, so it does not care where the schema's parts are defined.
 *
 * Without `operation`, only names that are no input of any operation are refused (checked before the
 * operation is known, so that `operaton: prune` says so). With it, an input of another operation is
 * refused too, since it would have no effect in this step: unless it is empty or holds its
 * `action.yml` default, which the runner passes for every declared input of every operation.
 */
export function assertInputsDeclared(
  given: Readonly<Record<string, string>>,
  declared: Readonly<Record<string, InputSpec>>,
  operation?: OperationName,
): void {
  const owner = new Map<string, { input: string; spec: InputSpec }>();
  for (const [input, spec] of Object.entries(declared)) {
    owner.set(input, { input, spec });
    for (const alias of Object.keys(spec.aliases ?? {})) owner.set(alias, { input, spec });
  }
  const applies = (spec: InputSpec): boolean =>
    !spec.operations || operation === undefined || spec.operations.includes(operation);
  const valid = [...owner].filter(([, o]) => applies(o.spec)).map(([name]) => name);

  const problems: Array<{ name: string; problem: string }> = [];
  for (const [name, value] of Object.entries(given)
    .map(([n, v]) => [n.toLowerCase(), v.trim()] as const)
    .sort(([a], [b]) => a.localeCompare(b))) {
    // A `with:` key is the workflow's text: shown only when it looks like a name.
    const shown = /^[\w.-]{1,64}$/.test(name) ? name : JSON.stringify(name.slice(0, 64));
    const known = owner.get(name);
    if (known && applies(known.spec)) continue;
    if (known && (value === '' || value === (known.spec.actionDefault ?? known.spec.default))) continue;
    const guess = closest(name, valid);
    const suggestion = guess ? ` (did you mean \`${guess}\`?)` : '';
    const other = OTHER_ACTION_INPUTS.find((o) => o.name === name && o.ours === undefined);
    problems.push({
      name: shown,
      problem: known
        ? `is an input of ${known.spec.operations!.map((o) => `\`${o}\``).join(', ')}, and this step runs \`${operation}\`, which would ignore it${suggestion}`
        : other
          ? `is an input of ${other.action}, not of this action: ${other.note.replace(/\.$/, '')}`
          : `is not an input of this action${operation ? ` for \`${operation}\`` : ''}${suggestion}`,
    });
  }
  if (!problems.length) return;
  const [first, ...rest] = problems;
  throw new InputError(
    first!.name,
    [first!.problem, ...rest.map((p) => `\`${p.name}\` ${p.problem}`)].join('; also '),
  );
}
