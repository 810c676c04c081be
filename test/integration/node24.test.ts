/**
 * The action declares `runs.using: node24`: run one success scenario of the same bundle under Node 24.
 * `npx -y -p node@24` fetches Node 24 (on first use, hence the long timeout) and tells us where its
 * binary is; the bundle is then started with that binary directly, as the runner starts `node`. Going
 * through `npx … node dist/index.js` itself would lose the inputs: npx runs the command through
 * `sh -c`, and the shell drops environment variables whose names are not identifiers, such as
 * `INPUT_SECRET-IDS`. Skipped, saying so, only when npx cannot get node@24 at all.
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { ACCOUNT, ALL_SECRETS, API_KEY, BLOB, DB_JSON, REGION, ROLE_ARN, TLS_KEY } from './fixtures.js';
import { NODE24, expectExit, startHarness, type Harness } from './harness.js';
import { allForms, findLeaks, maskOrderProblems } from './leak.js';

function probeNode24(): { ok: true; version: string; execPath: string } | { ok: false; reason: string } {
  const [cmd, ...args] = NODE24;
  const probe = spawnSync(cmd!, [...args, '-p', 'process.version + " " + process.execPath'], {
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS,
    },
  });
  const [version = '', execPath = ''] = (probe.stdout?.trim() ?? '').split(' ');
  if (probe.status === 0 && /^v24\./.test(version) && execPath) return { ok: true, version, execPath };
  return {
    ok: false,
    reason: (probe.error?.message ?? probe.stderr?.trim().split('\n').pop() ?? `exit ${probe.status}`).slice(
      0,
      200,
    ),
  };
}

const node24 = probeNode24();
const node24Binary = node24.ok ? node24.execPath : '';
if (!node24.ok)
  console.warn(`Skipping the Node 24 run: \`npx -y -p node@24 node\` is unavailable (${node24.reason}).`);

let h: Harness;

beforeAll(async () => {
  if (!node24.ok) return;
  h = await startHarness();
  await h.seed(ALL_SECRETS);
}, 90_000);

afterAll(async () => {
  await h?.stop();
});

(node24.ok ? test : test.skip)(
  node24.ok
    ? `fetch-secret through GitHub OIDC succeeds under Node 24 (${node24.version})`
    : `fetch-secret under Node 24 (skipped: npx could not fetch node@24)`,
  async () => {
    const spec = {
      command: [node24Binary],
      inputs: {
        operation: 'fetch-secret',
        'aws-region': REGION,
        'endpoint-url': h.proxy.endpoint,
        'role-to-assume': ROLE_ARN,
        'allowed-account-ids': ACCOUNT,
        'secret-ids': [
          'API_KEY,app/api-key',
          'DB,app/db',
          'TLS_KEY,app/tls-key',
          'BLOB,app/blob',
          'bulk/*',
        ].join('\n'),
        'parse-json': 'true',
        'binary-encoding': 'base64',
      },
    };
    const r = await h.run(spec);
    expectExit(r, 0);

    // The SDK's user agent names the runtime: proof that the bundle ran on Node 24.
    expect(r.requests.length).toBeGreaterThan(0);
    for (const q of r.requests) expect(q.userAgent).toMatch(/md\/nodejs#24\./);

    expect(r.tokenRequests.map((t) => [t.audience, t.authorized])).toEqual([['sts.amazonaws.com', true]]);
    expect(r.outputs['secret-count']).toBe('49');
    expect(r.outputs['caller-arn']).toMatch(/:assumed-role\/ci\//);
    expect(r.env.API_KEY).toBe(API_KEY.text);
    expect(r.env.DB_PASSWORD).toBe(DB_JSON.password);
    expect(r.env.TLS_KEY).toBe(TLS_KEY.text);
    expect(r.env.BLOB).toBe(Buffer.from(BLOB.binary!).toString('base64'));
    expect(r.env.BULK_SECRET_44).toMatch(/^bulk-value-44-/);
    expect(r.summary).toMatch(/^### ✅ fetch-secret: /);

    const transcript = { label: 'node24', spec, result: r };
    expect(findLeaks(transcript, allForms(ALL_SECRETS), [BLOB.binary!])).toEqual([]);
    expect(maskOrderProblems(transcript)).toEqual([]);
  },
  120_000,
);
