import { createHash } from 'node:crypto';

/**
 * The secrets every integration test file seeds into its moto_server. Every value (and every line,
 * JSON leaf and base64 form of one) is at least four characters long and unlike any text the action
 * prints by itself, so the leak check can look for each of them without false alarms.
 */
export interface SecretFixture {
  name: string;
  text?: string;
  binary?: Uint8Array;
}

/** Static credentials the test process (and the AssumeRole scenario) hands to moto. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIDINTEGRATIONTEST1',
  secretAccessKey: 'integration-static-secret-Wq73Lp',
};

/** The environment of a process with the static keys (for the default chain). */
export const STATIC_KEYS = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
};

export const REGION = 'us-east-1';
/** moto's fixed account. */
export const ACCOUNT = '123456789012';
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ci`;

export const API_KEY: SecretFixture = { name: 'app/api-key', text: 'ak-live-Zq81vN4pLm2Xc7Rt9Hw' };

/** Nested JSON with characters that need escaping in JSON logs, workflow commands and Markdown. */
export const DB_JSON = {
  username: 'svc-db-user-7731',
  password: 'pw-Jk29"Lq%0A\\x<Vb81>&|',
  host: 'db-primary.internal.example-9f2',
  port: 31337271,
  options: { sslmode: 'verify-full-Qm3r', replica: { host: 'db-replica.internal.example-x7k' } },
  tags: ['blue-tag-R2d2', 'green-tag-C3po'],
  note: 'note-line-one-Pw81\nnote-line-two-Kd27',
};
export const DB: SecretFixture = { name: 'app/db', text: JSON.stringify(DB_JSON) };

/** A multi-line value, with an indented line and a trailing newline. */
export const TLS_KEY: SecretFixture = {
  name: 'app/tls-key',
  text: [
    '-----BEGIN TEST PRIVATE KEY-----',
    'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcw',
    '   indented-line-Hq82Lm',
    'bm90LWEtcmVhbC1rZXktanVzdC10ZXN0aW5n',
    '-----END TEST PRIVATE KEY-----',
    '',
  ].join('\n'),
};

/** Not valid UTF-8 (0xc3 0x28), with NUL, CR, LF and `%` bytes: only a byte-exact path keeps it. */
export const BLOB: SecretFixture = {
  name: 'app/blob',
  binary: Uint8Array.from([
    0x00,
    0xff,
    0xfe,
    0x80,
    0x0a,
    0x0d,
    0x25,
    ...Buffer.from('binary-payload-Vx83', 'utf8'),
    0xc3,
    0x28,
    0x00,
    0x01,
  ]),
};

/**
 * Pretty-printed JSON, as `aws secretsmanager create-secret --secret-string file://x.json` stores it:
 * lines such as `{` and `  },` are structure, not secret material.
 */
export const PRETTY_JSON = {
  service: 'pretty-service-Hn47',
  credentials: { key: 'pretty-key-Uy62Lk', secret: 'pretty-secret-Mz81Qa' },
  regions: ['pretty-region-a-Wd5', 'pretty-region-b-Xe6'],
};
export const PRETTY: SecretFixture = {
  name: 'app/pretty',
  text: `${JSON.stringify(PRETTY_JSON, null, 2)}\n`,
};

/** For `json-keys`: `user` and `nested.other` are not selected. */
export const CFG_JSON = {
  user: 'cfg-user-name-8812',
  password: 'cfg-pass-Tz93#Lw!',
  nested: { token: 'cfg-nested-token-Ab12Xy', other: 'cfg-nested-other-Cd34Zw' },
};
export const CFG: SecretFixture = { name: 'cfg/service', text: JSON.stringify(CFG_JSON) };

export const BULK_COUNT = 45;
export const BULK: SecretFixture[] = Array.from({ length: BULK_COUNT }, (_, i) => {
  const n = String(i).padStart(2, '0');
  const salt = createHash('sha256').update(`bulk-${n}`).digest('hex').slice(0, 12);
  return { name: `bulk/secret-${n}`, text: `bulk-value-${n}-${salt}` };
});

/** Shares the `bulk` stem but not the `bulk/` prefix: a wildcard must not pick it up. */
export const DECOY: SecretFixture = { name: 'bulkhead/decoy', text: 'decoy-value-Rt55Yu' };

/** Created with `previous`, then rotated (PutSecretValue) to `current`: AWSPREVIOUS is `previous`. */
export const ROTATED = {
  name: 'app/rotated',
  previous: 'rotated-previous-Gh27Bx',
  current: 'rotated-current-Lk38Vn',
};

export const OTHER_REGION = 'us-west-2';
/** Created in OTHER_REGION and read by its full ARN while `aws-region` is REGION. */
export const REGIONAL: SecretFixture = { name: 'shared/regional-token', text: 'regional-token-Pq64Ws' };

/** Everything created in REGION. */
export const ALL_SECRETS: SecretFixture[] = [
  API_KEY,
  DB,
  TLS_KEY,
  BLOB,
  PRETTY,
  CFG,
  ...BULK,
  DECOY,
  { name: ROTATED.name, text: ROTATED.previous },
];

/** Every value any test file may put into moto: what the leak checks look for. */
export const SENSITIVE: SecretFixture[] = [
  ...ALL_SECRETS,
  REGIONAL,
  { name: ROTATED.name, text: ROTATED.current },
];
