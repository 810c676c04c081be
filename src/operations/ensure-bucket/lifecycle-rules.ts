import { RULE_FORM, type DeclaredRule } from '../../aws/lifecycle-rule.js';
import { InputError } from '../../errors.js';
import { quote } from '../../inputs/reader.js';

/** The id of the rule `expire-after-days` and `abort-incomplete-multipart-days` manage. */
export const MANAGED_RULE_ID = 'aws-task-pack-managed';

/** S3 accepts at most 1000 rules in one configuration. */
export const MAX_RULES = 1000;
const MAX_DAYS = 36_500;
const ID_LIMIT = 255;

const FIELDS = [
  'id',
  'prefix',
  'expire-days',
  'expired-delete-markers',
  'noncurrent-days',
  'keep-noncurrent',
  'abort-incomplete-days',
  'state',
] as const;
type Field = (typeof FIELDS)[number];

/**
 * Splits `a=b c="d e"` into fields. A value in double quotes is a JSON string, so a prefix may hold
 * spaces, `=` or quotes.
 */
function fieldsOf(line: string, input: string): Map<Field, string> {
  const out = new Map<Field, string>();
  let rest = line.trim();
  while (rest) {
    const m = /^([a-z-]+)=("(?:[^"\\]|\\.)*"|\S*)(?:\s+|$)/.exec(rest);
    if (!m) throw new InputError(input, `${quote(rest)} is not a \`name=value\` field`, RULE_FORM);
    const name = m[1]! as Field;
    if (!FIELDS.includes(name))
      throw new InputError(input, `unknown field ${quote(m[1]!)} in ${quote(line)}`, RULE_FORM);
    if (out.has(name)) throw new InputError(input, `the field \`${name}\` is given twice in ${quote(line)}`);
    let value = m[2]!;
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        throw new InputError(input, `the quoted value ${value} in ${quote(line)} is not a valid string`);
      }
    }
    out.set(name, value);
    rest = rest.slice(m[0].length);
  }
  return out;
}

function days(
  fields: Map<Field, string>,
  name: Field,
  input: string,
  min: number,
  max = MAX_DAYS,
): number | undefined {
  const raw = fields.get(name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || +raw < min || +raw > max)
    throw new InputError(input, `\`${name}=${raw}\` is not a whole number from ${min} to ${max}`);
  return +raw;
}

/** Parses the `lifecycle-rules` lines; `reserved` is the ID the single-rule inputs own. */
export function parseLifecycleRules(
  lines: string[],
  input: string,
  reserved = MANAGED_RULE_ID,
): DeclaredRule[] {
  const rules: DeclaredRule[] = [];
  const ids = new Set<string>();
  for (const line of lines) {
    const f = fieldsOf(line, input);
    const id = f.get('id');
    if (!id) throw new InputError(input, `${quote(line)} has no \`id=\``, RULE_FORM);
    if (id.length > ID_LIMIT)
      throw new InputError(input, `the rule ID ${quote(id)} is longer than ${ID_LIMIT} characters`);
    if (id === reserved)
      throw new InputError(
        input,
        `the rule ID ${quote(id)} is the one \`expire-after-days\` and \`abort-incomplete-multipart-days\` manage`,
        'another ID',
      );
    if (ids.has(id)) throw new InputError(input, `the rule ID ${quote(id)} is declared twice`);
    ids.add(id);
    const state = f.get('state') ?? 'present';
    if (state !== 'present' && state !== 'absent')
      throw new InputError(
        input,
        `\`state=${state}\` in ${quote(line)}`,
        '`state=present` (the default) or `state=absent`',
      );
    if (state === 'absent') {
      if (f.size > 2)
        throw new InputError(input, `${quote(line)}: a rule with \`state=absent\` takes only \`id\``);
      rules.push({ id, prefix: '', absent: true });
      continue;
    }
    const prefix = f.get('prefix') ?? '';
    if (Buffer.byteLength(prefix) > 1024)
      throw new InputError(input, `the prefix of rule ${quote(id)} is longer than 1024 bytes (UTF-8)`);
    const markers = f.get('expired-delete-markers');
    if (markers !== undefined && markers !== 'true' && markers !== 'false')
      throw new InputError(
        input,
        `\`expired-delete-markers=${markers}\` in rule ${quote(id)}`,
        '`true` or `false`',
      );
    const rule: DeclaredRule = {
      id,
      prefix,
      expireDays: days(f, 'expire-days', input, 1),
      expiredDeleteMarkers: markers === 'true' ? true : undefined,
      noncurrentDays: days(f, 'noncurrent-days', input, 1),
      keepNoncurrent: days(f, 'keep-noncurrent', input, 1, 100),
      abortIncompleteDays: days(f, 'abort-incomplete-days', input, 1),
      absent: false,
    };
    // S3 rejects an Expiration with both Days and ExpiredObjectDeleteMarker.
    if (rule.expireDays !== undefined && rule.expiredDeleteMarkers)
      throw new InputError(
        input,
        `rule ${quote(id)} has both \`expire-days\` and \`expired-delete-markers=true\`, which S3 does not allow in one rule`,
        'two rules',
      );
    if (rule.keepNoncurrent !== undefined && rule.noncurrentDays === undefined)
      throw new InputError(input, `rule ${quote(id)} has \`keep-noncurrent\` without \`noncurrent-days\``);
    if (
      rule.expireDays === undefined &&
      !rule.expiredDeleteMarkers &&
      rule.noncurrentDays === undefined &&
      rule.abortIncompleteDays === undefined
    )
      throw new InputError(input, `rule ${quote(id)} has no action`, RULE_FORM);
    rules.push(rule);
  }
  if (rules.length > MAX_RULES)
    throw new InputError(input, `declares ${rules.length} rules`, `at most ${MAX_RULES}`);
  return rules;
}
