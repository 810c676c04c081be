import { InputError, TaskError } from '../../errors.js';

export type NameTransformation = 'uppercase' | 'lowercase' | 'none';
/** How a binary secret becomes a variable: its bytes as UTF-8 text, or base64. */
export type BinaryEncoding = 'utf8' | 'base64';

/** Joins name parts with `_` and makes a valid variable name: other characters become `_`, no leading digit. */
export function variableName(parts: string[], transformation: NameTransformation): string {
  let name = parts
    .filter((p) => p !== '')
    .join('_')
    .replace(/[^A-Za-z0-9_]/g, '_');
  if (/^[0-9]/.test(name) || name === '') name = `_${name}`;
  if (transformation === 'uppercase') return name.toUpperCase();
  if (transformation === 'lowercase') return name.toLowerCase();
  return name;
}

/** A secret as read: text, or bytes for binary secrets. */
export interface SecretValue {
  name: string;
  arn?: string;
  versionId?: string;
  stages: string[];
  text?: string;
  binary?: Uint8Array;
}

export interface Variable {
  name: string;
  /** What env and outputs get (a binary secret's text, or its base64 with `binary-encoding: base64`). */
  value: string;
  /** What a file gets: the raw bytes of a binary secret. */
  bytes?: Uint8Array;
  secretName: string;
  /** The `secret-ids` line that selected the secret. */
  source: string;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function leafText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Every leaf of a JSON object as `[path, text]`; arrays are leaves (their JSON text). */
export function flattenJson(value: Record<string, Json>, path: string[] = []): Array<[string[], string]> {
  const out: Array<[string[], string]> = [];
  for (const [key, child] of Object.entries(value)) {
    if (isObject(child)) out.push(...flattenJson(child, [...path, key]));
    else out.push([[...path, key], leafText(child)]);
  }
  return out;
}

export function parseJsonObject(text: string | undefined): Record<string, Json> | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(trimmed) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A line of pretty-printed JSON such as `{`, `  },` or `]` is structure, not secret material: masking
 * it would turn every brace in the job's log into `***` (and break `log-format: json` lines).
 */
const STRUCTURAL_LINE = /^[\s{}[\],:]*$/;

/**
 * Every string that must be masked for a secret: the whole value, each line of it, each JSON leaf
 * (and each leaf's lines), and the base64 form (and text form) of binary secrets. With `json-keys`,
 * only the selected leaves of a JSON secret are masked one by one, so harmless fields (a user name,
 * a host) are not hidden all over the log.
 */
export function maskableValues(secret: SecretValue, jsonKeys: string[][] = []): string[] {
  const out = new Set<string>();
  const addWithLines = (value: string): void => {
    if (!value) return;
    out.add(value);
    // A value printed by a later step is often trimmed first: mask the bare form too.
    if (value.trim() && !STRUCTURAL_LINE.test(value)) out.add(value.trim());
    if (value.includes('\n') || value.includes('\r'))
      for (const line of value.split(/\r?\n|\r/)) {
        if (STRUCTURAL_LINE.test(line)) continue;
        if (line) out.add(line);
        if (line.trim()) out.add(line.trim());
      }
  };
  // An array leaf is exported as its JSON text, but a later step may print one element alone.
  const addElements = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(addElements);
    else if (isObject(node)) Object.values(node).forEach(addElements);
    else addWithLines(leafText(node));
  };
  if (secret.binary) addWithLines(Buffer.from(secret.binary).toString('base64'));
  // Whatever `binary-encoding` says: the text (and JSON leaves) of binary bytes are masked too.
  const text = secret.text ?? utf8Text(secret.binary);
  if (text !== undefined) {
    addWithLines(text);
    const json = parseJsonObject(text);
    if (json) {
      const leaves = jsonKeys.length ? select(json, jsonKeys) : flattenJson(json);
      for (const [path, leaf] of leaves) {
        addWithLines(leaf);
        const node = nodeAt(json, path);
        if (Array.isArray(node)) addElements(node);
      }
    }
  }
  return [...out];
}

/** Bytes as UTF-8 text, exactly (a byte-order mark is kept); undefined when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The text a secret is exported as: its string, or (with `utf8`) its bytes decoded; base64 has none. */
export function textOf(secret: SecretValue, encoding: BinaryEncoding): string | undefined {
  if (!secret.binary) return secret.text ?? '';
  if (encoding === 'base64') return undefined;
  const text = utf8Text(secret.binary);
  if (text === undefined)
    throw new InputError(
      'binary-encoding',
      `the binary secret ${secret.name} is not valid UTF-8 text, so \`utf8\` cannot export it`,
      '`binary-encoding: base64` (files from `write-to-dir` then still get the raw bytes)',
    );
  return text;
}

export interface NamingOptions {
  parseJson: boolean;
  jsonKeys: string[][];
  transformation: NameTransformation;
  binaryEncoding: BinaryEncoding;
}

/** The node at a key path, or undefined. */
export function nodeAt(json: Record<string, Json>, path: string[]): Json | undefined {
  let node: Json | undefined = json;
  for (const segment of path) node = isObject(node) ? node[segment] : undefined;
  return node;
}

/** The leaves under the selected key paths; a path this secret lacks selects nothing here. */
function select(json: Record<string, Json>, keys: string[][]): Array<[string[], string]> {
  const out: Array<[string[], string]> = [];
  for (const path of keys) {
    const node = nodeAt(json, path);
    if (node === undefined) continue;
    if (isObject(node)) out.push(...flattenJson(node, path));
    else out.push([path, leafText(node)]);
  }
  return out;
}

/**
 * The variables one secret yields, named after `alias` or else the secret. The blank alias (`''`)
 * names a JSON secret's variables after its keys alone; for any other value it means no alias (as in
 * aws-secretsmanager-get-secrets), so no variable is ever named `_`.
 */
export function variablesOf(
  secret: SecretValue,
  alias: string | undefined,
  source: string,
  options: NamingOptions,
): Variable[] {
  const name = (parts: string[]): string => variableName(parts, options.transformation);
  const text = textOf(secret, options.binaryEncoding);
  const json = options.parseJson ? parseJsonObject(text) : undefined;
  if (!json) {
    // Not a JSON object: exported whole, whatever `json-keys` says (it selects keys of JSON secrets).
    const base = alias || secret.name;
    if (secret.binary)
      return [
        {
          name: name([base]),
          value: text ?? Buffer.from(secret.binary).toString('base64'),
          bytes: secret.binary,
          secretName: secret.name,
          source,
        },
      ];
    return [{ name: name([base]), value: text ?? '', secretName: secret.name, source }];
  }
  const base = alias ?? secret.name;
  const leaves = options.jsonKeys.length ? select(json, options.jsonKeys) : flattenJson(json);
  return leaves.map(([path, value]) => ({
    name: name([base, ...path]),
    value,
    secretName: secret.name,
    source,
  }));
}

/** A `json-keys` entry that no JSON secret has is a typo, not something to skip silently. */
export function assertJsonKeysFound(
  secrets: SecretValue[],
  keys: string[][],
  encoding: BinaryEncoding,
): void {
  const objects = secrets
    .map((s) => parseJsonObject(textOf(s, encoding)))
    .filter((j): j is Record<string, Json> => j !== undefined);
  for (const path of keys)
    if (!objects.some((json) => nodeAt(json, path) !== undefined))
      throw new TaskError(
        'awsApi',
        `No JSON secret read has the key \`${path.join('.')}\` named in \`json-keys\`.`,
        {
          errorCode: 'JsonKeyNotFound',
          hint: 'Fix `json-keys`, or add the key to the secret.',
        },
      );
}

/**
 * The variables as exported, after naming: the one place a name is settled. The same variable from
 * two lines (one secret named twice, or by a line and a wildcard) is exported once; two different
 * values mapping to one name are an input error, never a silent overwrite.
 */
export function settleVariables(variables: Variable[]): Variable[] {
  const settled: Variable[] = [];
  const seen = new Map<string, Variable>();
  for (const v of variables) {
    const other = seen.get(v.name);
    if (other && other.secretName === v.secretName && other.source !== v.source && other.value === v.value)
      continue;
    if (other)
      throw new InputError(
        'secret-ids',
        other.secretName === v.secretName && other.source !== v.source
          ? `${v.secretName} is selected by ${JSON.stringify(other.source)} and ${JSON.stringify(v.source)}, which map different values to the variable ${v.name}`
          : other.secretName === v.secretName
            ? `two keys of ${v.secretName} both map to the variable ${v.name}`
            : `${other.secretName} and ${v.secretName} both map to the variable ${v.name}`,
        'distinct aliases (`ALIAS,name`) or `name-transformation: none`',
      );
    seen.set(v.name, v);
    settled.push(v);
  }
  return settled;
}
