// Checks the outputs of one step of the e2e job in .github/workflows/ci.yml:
//
//   OUTPUTS='${{ toJSON(steps.<id>.outputs) }}' node test/e2e/check-outputs.mjs <id>
//
// The same script, with the same expectations, runs on the GitHub-hosted runners (the e2e job) and in
// test/integration/e2e-workflow.test.ts, which replays the job's steps against a local moto_server.
// Plain JavaScript with nothing but node: the runner's node runs it without `npm ci`.
import { readFileSync } from 'node:fs';

const BUCKET = 'aws-task-pack-e2e';
const PREFIX = 'e2e/';
// test/e2e/files/**/*.txt: a.txt (15 bytes) and sub/b.txt (31 bytes). The nested key proves that keys are
// `/`-separated on Windows too.
const KEYS = [`${PREFIX}a.txt`, `${PREFIX}sub/b.txt`];
const BYTES = '46';

const json = (check) => (value) => {
  try {
    return check(JSON.parse(value));
  } catch {
    return false;
  }
};
const sameKeys = (keys) => keys.length === KEYS.length && KEYS.every((k) => keys.includes(k));

/** Per step id: output name → the exact value, or a test of it. */
const EXPECTED = {
  'ensure-bucket-plan': {
    'exit-code': '0',
    'dry-run': 'true',
    created: 'true',
    changed: 'true',
    'bucket-arn': `arn:aws:s3:::${BUCKET}`,
  },
  'ensure-bucket-apply': {
    'exit-code': '0',
    'dry-run': 'false',
    created: 'true',
    changed: 'true',
    region: 'us-east-1',
    changes: json((c) => Array.isArray(c) && c.some((x) => x.setting === 'encryption')),
  },
  'upload-artifact-plan': {
    'exit-code': '0',
    'dry-run': 'true',
    'uploaded-count': '2',
    bytes: BYTES,
    's3-uri': `s3://${BUCKET}/${PREFIX}`,
  },
  'upload-artifact-apply': {
    'exit-code': '0',
    'dry-run': 'false',
    'uploaded-count': '2',
    'skipped-count': '0',
    bytes: BYTES,
    'key-prefix': PREFIX,
    // The manifest the step wrote: both files, under their `/`-separated keys, with their sizes.
    'manifest-path': (path) =>
      json(
        (m) =>
          sameKeys(m.files.map((f) => f.key)) && m.files.reduce((n, f) => n + f.size, 0) === Number(BYTES),
      )(readFileSync(path, 'utf8')),
  },
  'prune-plan': {
    'exit-code': '0',
    'dry-run': 'true',
    'planned-count': '1',
    'deleted-count': '0',
    'kept-count': '1',
  },
  'prune-apply': {
    'exit-code': '0',
    'dry-run': 'false',
    'planned-count': '1',
    'deleted-count': '1',
    'kept-count': '1',
  },
  'fetch-secret-plan': {
    'exit-code': '0',
    'dry-run': 'true',
    'secret-count': '1',
  },
  'fetch-secret-apply': {
    'exit-code': '0',
    'dry-run': 'false',
    'secret-count': '1',
    variables: json((v) => Array.isArray(v) && v.length === 1 && v[0] === 'E2E_TOKEN'),
  },
};

/** Variables a step exported for the later ones (GITHUB_ENV), checked in the step after it. */
const EXPORTED = {
  'fetch-secret-apply': { E2E_TOKEN: process.env.E2E_SECRET_VALUE },
};

const id = process.argv[2];
const expected = EXPECTED[id];
if (!expected) {
  console.error(
    `check-outputs: no expectations for step "${id}"; known: ${Object.keys(EXPECTED).join(', ')}`,
  );
  process.exit(2);
}
let outputs;
try {
  outputs = JSON.parse(process.env.OUTPUTS ?? '');
} catch {
  console.error('check-outputs: OUTPUTS is not JSON; pass ${{ toJSON(steps.<id>.outputs) }}');
  process.exit(2);
}

const problems = [];
for (const [name, want] of Object.entries(expected)) {
  const got = outputs[name];
  let ok;
  try {
    ok = typeof want === 'function' ? typeof got === 'string' && want(got) : got === want;
  } catch (err) {
    problems.push(`${name}: ${JSON.stringify(got)}: ${err.message}`);
    continue;
  }
  if (!ok)
    problems.push(
      `${name}: got ${JSON.stringify(got)}, expected ${typeof want === 'function' ? 'a valid value' : JSON.stringify(want)}`,
    );
}
for (const [name, want] of Object.entries(EXPORTED[id] ?? {}))
  // Compared, never printed: the value is a (test) secret, masked in the log.
  if (!want || process.env[name] !== want)
    problems.push(`the environment variable ${name} is not the secret's value`);

for (const p of problems) console.log(`::error title=e2e ${id}::${p}`);
console.log(`${id}: ${Object.keys(expected).length} outputs checked, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
