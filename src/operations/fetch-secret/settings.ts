import { isSecretArn, parseArn } from '../../aws/arn.js';
import { InputError } from '../../errors.js';
import type { CommonSettings } from '../../inputs/common.js';
import { quote, type InputReader } from '../../inputs/reader.js';
import type { InputName } from '../schema.js';
import { variableName, type BinaryEncoding, type NameTransformation } from './variables.js';

/** One line of `secret-ids`. */
export interface SecretRequest {
  /** The line as written, for messages. */
  line: string;
  /**
   * Explicit alias. `''` is the blank alias: with `parse-json`, a JSON secret's keys become top-level
   * names; otherwise the variable is named after the secret, as with no alias. On a wildcard the alias
   * names its one match (a blank one is dropped there, as aws-secretsmanager-get-secrets does).
   */
  alias?: string;
  /** A name or ARN (exactly one of `id` and `prefix` is set). */
  id?: string;
  /** A name prefix from `prefix*`. */
  prefix?: string;
  /** The region to read from: the ARN's own, else `aws-region`. */
  region: string;
}

export interface FetchSecretSettings {
  requests: SecretRequest[];
  versionStage: string;
  versionId?: string;
  parseJson: boolean;
  /** Key paths selected by `json-keys` (each a list of path segments). */
  jsonKeys: string[][];
  transformation: NameTransformation;
  binaryEncoding: BinaryEncoding;
  exportEnv: boolean;
  setOutputs: boolean;
  writeToDir?: string;
}

const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const PREFIX = /^[\w/+=.@-]{1,511}\*$/;
const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

function parseLine(line: string, defaultRegion: string): SecretRequest {
  const comma = line.indexOf(',');
  const alias = comma >= 0 ? line.slice(0, comma).trim() : undefined;
  const target = (comma >= 0 ? line.slice(comma + 1) : line).trim();
  const expected = '`name-or-arn`, `ALIAS,name-or-arn`, `prefix*` or `ALIAS,prefix*`';
  if (alias !== undefined) {
    if (alias !== '' && !ALIAS.test(alias))
      throw new InputError(
        'secret-ids',
        `alias ${quote(alias)} in ${quote(line)} is not a valid variable name`,
        'letters, digits and `_`, not starting with a digit',
      );
  }
  if (target.endsWith('*')) {
    if (!PREFIX.test(target))
      throw new InputError(
        'secret-ids',
        `${quote(line)} is not a valid prefix wildcard`,
        '`prefix*` with a trailing `*` only',
      );
    return { line, alias: alias || undefined, prefix: target.slice(0, -1), region: defaultRegion };
  }
  if (target.startsWith('arn:')) {
    if (!isSecretArn(target))
      throw new InputError(
        'secret-ids',
        `${quote(line)} is not a Secrets Manager ARN`,
        '`arn:<partition>:secretsmanager:<region>:<account>:secret:<name>`',
      );
    return { line, alias, id: target, region: parseArn(target)!.region };
  }
  if (!SECRET_NAME.test(target))
    throw new InputError('secret-ids', `${quote(line)} is not a secret name or ARN`, expected);
  return { line, alias, id: target, region: defaultRegion };
}

/** Every fetch-secret input, checked before any request. Long because it is one check per input. */
export function parseFetchSecret(
  reader: InputReader<InputName>,
  common: CommonSettings,
): FetchSecretSettings {
  const parseJson = reader.boolean('parse-json');
  const lines = [...new Set(reader.lines('secret-ids'))];
  if (lines.length === 0)
    throw new InputError(
      'secret-ids',
      'is required by `fetch-secret`',
      'one secret name, ARN or `prefix*` per line',
    );
  const requests = lines.map((line) => parseLine(line, common.region));

  const versionId = reader.string('version-id');
  const stageGiven = reader.given('version-stage');
  const versionStage = reader.string('version-stage')!;
  if (!/^[\w+=,.@-]{1,256}$/.test(versionStage))
    throw new InputError(
      'version-stage',
      `${quote(versionStage)} is not a version stage`,
      'e.g. `AWSCURRENT`, `AWSPREVIOUS`',
    );
  if (versionId !== undefined) {
    if (!/^[\w-]{32,64}$/.test(versionId))
      throw new InputError(
        'version-id',
        `${quote(versionId)} is not a version id`,
        '32–64 characters of letters, digits and `-`',
      );
    if (stageGiven)
      throw new InputError('version-id', 'cannot be combined with `version-stage`', 'one of the two');
    if (requests.length !== 1 || !requests[0]!.id)
      throw new InputError(
        'version-id',
        'names a version of one secret, but `secret-ids` lists several or a wildcard',
        'exactly one secret name or ARN',
      );
  }

  const jsonKeys = reader.list('json-keys').map((k) => {
    if (!/^[^.\s]+(\.[^.\s]+)*$/.test(k))
      throw new InputError('json-keys', `${quote(k)} is not a key path`, '`key` or `parent.child`');
    return k.split('.');
  });
  if (jsonKeys.length && !parseJson)
    throw new InputError('json-keys', 'only applies with `parse-json: true`');

  const transformation = reader.choice('name-transformation', ['uppercase', 'lowercase', 'none'] as const, {
    ignoreCase: true,
  });
  const binaryEncoding = reader.choice('binary-encoding', ['utf8', 'base64'] as const);

  // Names known before any request must not collide: two secrets never silently share a variable.
  // Two lines naming the same secret may (it is read once and exported once).
  const seen = new Map<string, SecretRequest>();
  for (const r of requests) {
    if (r.prefix !== undefined || r.alias === '' || (r.alias === undefined && r.id?.startsWith('arn:')))
      continue;
    const name = variableName([r.alias ?? r.id!], transformation);
    const other = seen.get(name);
    if (other !== undefined && !parseJson && (other.id !== r.id || other.region !== r.region))
      throw new InputError(
        'secret-ids',
        `${quote(other.line)} and ${quote(r.line)} both map to the variable ${name}`,
        'distinct aliases',
      );
    seen.set(name, r);
  }

  const writeToDir = reader.string('write-to-dir');
  return {
    requests,
    versionStage,
    versionId,
    parseJson,
    jsonKeys,
    transformation,
    binaryEncoding,
    exportEnv: reader.boolean('export-env'),
    setOutputs: reader.boolean('set-outputs'),
    writeToDir,
  };
}
