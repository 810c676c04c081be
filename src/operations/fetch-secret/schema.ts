import type { InputSpec, OutputSpec } from '../../inputs/spec.js';

/** The inputs and outputs of `fetch-secret`; merged into the one schema in src/inputs/schema.ts. */
export const FETCH_SECRET_INPUTS = {
  'secret-ids': {
    description:
      'One per line: `name-or-arn`, `ALIAS,name-or-arn`, `prefix*` (every secret whose name starts with prefix) or `ALIAS,prefix*` (a prefix that must match exactly one secret). A blank alias (`,name`) with `parse-json` names the variables after the JSON keys alone; otherwise it is the same as no alias. A secret named by several lines is read once.',
    docDefault: 'required',
    operations: ['fetch-secret'],
  },
  'version-stage': {
    description: 'Version stage to read.',
    default: 'AWSCURRENT',
    operations: ['fetch-secret'],
  },
  'version-id': {
    description: 'Version id to read (instead of a stage).',
    operations: ['fetch-secret'],
  },
  'parse-json': {
    description:
      'A JSON-object secret yields one variable per leaf (`ALIAS_KEY`, nested keys joined with `_`) instead of one for the whole value.',
    default: 'false',
    operations: ['fetch-secret'],
    aliases: { 'parse-json-secrets': 'aws-secretsmanager-get-secrets' },
  },
  'json-keys': {
    description:
      'With `parse-json`: export (and mask) only these keys of JSON secrets, comma- or line-separated; nested keys as `a.b`. A key no JSON secret has is an error; non-JSON secrets are exported whole.',
    operations: ['fetch-secret'],
  },
  'name-transformation': {
    description:
      '`uppercase`, `lowercase` or `none`, in any case (`Uppercase` too); names always become valid variable names.',
    default: 'uppercase',
    operations: ['fetch-secret'],
  },
  'binary-encoding': {
    description:
      'How a binary secret (`SecretBinary`) reaches env and outputs: `utf8` exports its bytes as text and fails (exit 1, naming the secret, never the value) when they are not valid UTF-8; `base64` exports them base64-encoded. With `utf8` and `parse-json`, a binary secret holding a JSON object is parsed like a text one. A binary secret exported whole reaches `write-to-dir` as its raw bytes either way. Default `utf8`, as aws-secretsmanager-get-secrets exports text: later steps read the variable as text.',
    default: 'utf8',
    operations: ['fetch-secret'],
  },
  'export-env': {
    description: 'Write the variables to `GITHUB_ENV` for later steps (multiline-safe).',
    default: 'true',
    operations: ['fetch-secret'],
  },
  'set-outputs': {
    description: 'Also set one step output per variable.',
    default: 'true',
    operations: ['fetch-secret'],
  },
  'write-to-dir': {
    description:
      'Also write each value to a file named after its variable in this directory, mode 0600; binary secrets as bytes.',
    operations: ['fetch-secret'],
  },
} as const satisfies Record<string, InputSpec>;

export const FETCH_SECRET_OUTPUTS = {
  'secret-count': {
    description: 'How many secrets were read (or, in dry-run, checked).',
    operations: ['fetch-secret'],
  },
  variables: {
    description:
      'JSON list of the variable names exported; with `set-outputs`, each is also an output of the same name.',
    operations: ['fetch-secret'],
  },
} as const satisfies Record<string, OutputSpec>;
