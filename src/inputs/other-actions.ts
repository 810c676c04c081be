/**
 * The inputs of the two actions a `fetch-secret` step usually replaces, and what each becomes here.
 * Read from their `action.yml` and README (aws-actions/aws-secretsmanager-get-secrets v3,
 * aws-actions/configure-aws-credentials v5). It feeds the README's migration table and the message
 * for an input this action does not have (a workflow moved over keeps `aws-access-key-id`: say what
 * to do instead of only "unknown input").
 */
export const GET_SECRETS = 'aws-secretsmanager-get-secrets';
export const CONFIGURE_CREDENTIALS = 'configure-aws-credentials';

export interface OtherActionInput {
  action: typeof GET_SECRETS | typeof CONFIGURE_CREDENTIALS;
  name: string;
  /** Our input of the same meaning (the same name, or one whose alias `name` is); absent: none. */
  ours?: string;
  /** What differs, or what to do instead when there is no equivalent. */
  note: string;
}

export const OTHER_ACTION_INPUTS: readonly OtherActionInput[] = [
  {
    action: GET_SECRETS,
    name: 'secret-ids',
    ours: 'secret-ids',
    note: 'Same lines (`name`, `ARN`, `ALIAS,name`, `,name`, `prefix*`, `ALIAS,prefix*`); a prefix may be shorter than 3 characters and match more than 100 secrets; an alias may be in any case.',
  },
  {
    action: GET_SECRETS,
    name: 'parse-json-secrets',
    ours: 'parse-json',
    note: 'Accepted under either name; `json-keys` can narrow it to the keys you need.',
  },
  {
    action: GET_SECRETS,
    name: 'name-transformation',
    ours: 'name-transformation',
    note: 'Same values, in any case.',
  },
  {
    action: GET_SECRETS,
    name: 'auto-select-family-attempt-timeout',
    note: 'Remove it: there is no such setting here; every connection attempt is bounded by `connect-timeout-ms` and retried up to `max-attempts`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'aws-region',
    ours: 'aws-region',
    note: 'Optional here: without it, `AWS_REGION` or `AWS_DEFAULT_REGION`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'role-to-assume',
    ours: 'role-to-assume',
    note: 'A full role ARN (a bare role name is refused). Without an OIDC token it chains from the ambient credentials, as `role-chaining: true` does there.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'web-identity-token-file',
    ours: 'web-identity-token-file',
    note: 'Same; the file is read again on every refresh.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'audience',
    ours: 'audience',
    note: 'Same, default `sts.amazonaws.com`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'role-session-name',
    ours: 'role-session-name',
    note: 'Default `gh-<repo>-<run_id>-<attempt>` instead of `GitHubActions`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'role-duration-seconds',
    ours: 'role-duration-seconds',
    note: 'Same range (900–43200) and default (3600).',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'role-skip-session-tagging',
    ours: 'role-skip-session-tagging',
    note: 'Same: `AssumeRole` sessions are tagged with the GitHub context unless it is `true`; web-identity sessions never are.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'allowed-account-ids',
    ours: 'allowed-account-ids',
    note: 'Same (comma-separated); a mismatch exits 4 before any other call.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'role-chaining',
    note: 'Remove it: without an OIDC token (no `id-token: write`, or `web-identity-token-file`), `role-to-assume` is always assumed from the ambient credentials.',
  },
  ...['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'].map((name): OtherActionInput => ({
    action: CONFIGURE_CREDENTIALS,
    name,
    note: `Remove it: keys are never inputs here. Set \`${name.toUpperCase().replace(/-/g, '_')}\` in the step's \`env:\` (the SDK's default chain reads it), or better use OIDC with \`role-to-assume\`.`,
  })),
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'http-proxy',
    note: 'Remove it: set `HTTPS_PROXY` (and `NO_PROXY`) in the step’s `env:`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'no-proxy',
    note: 'Remove it: set `NO_PROXY` in the step’s `env:`.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'sts-endpoint',
    note: 'Remove it: `endpoint-url` sets one endpoint for every service, STS included.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'retry-max-attempts',
    note: 'Remove it: `max-attempts` bounds the attempts of every call, STS included (web identity asks for a fresh token each time).',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'disable-retry',
    note: 'Remove it: `max-attempts: 1` makes one attempt per call.',
  },
  {
    action: CONFIGURE_CREDENTIALS,
    name: 'action-timeout-s',
    note: 'Remove it: use the step’s `timeout-minutes`; a cancelled step stops cleanly.',
  },
  ...[
    'role-external-id',
    'transitive-tag-keys',
    'custom-tags',
    'inline-session-policy',
    'managed-session-policies',
    'special-characters-workaround',
    'force-skip-oidc',
  ].map((name): OtherActionInput => ({
    action: CONFIGURE_CREDENTIALS,
    name,
    note: 'Not supported: assume that role with a configure-aws-credentials step before this one, and leave `role-to-assume` out here (this step then uses those credentials).',
  })),
  ...[
    'aws-profile',
    'overwrite-aws-profile',
    'mask-aws-account-id',
    'output-credentials',
    'output-env-credentials',
    'unset-current-credentials',
    'use-existing-credentials',
  ].map((name): OtherActionInput => ({
    action: CONFIGURE_CREDENTIALS,
    name,
    note: 'Not needed: credentials stay inside this step, are never exported and never replace the ambient ones. Keep a configure-aws-credentials step where later steps need credentials.',
  })),
];
