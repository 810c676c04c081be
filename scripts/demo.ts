/**
 * `npm run demo`: starts a local AWS emulator (moto_server), seeds it, and runs the operations through
 * the built dist/index.js exactly as the Actions runner would (INPUT_* variables, GITHUB_OUTPUT/ENV/
 * STEP_SUMMARY files, a GitHub OIDC token endpoint), then shows what a workflow would see.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startMoto } from '../test/support/moto.js';

const REQUEST_TOKEN = 'demo-request-token';

function startTokenEndpoint(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}` || !url.searchParams.get('audience')) {
      res.writeHead(401).end();
      return;
    }
    const claims = { sub: 'repo:demo/app:ref:refs/heads/main', aud: url.searchParams.get('audience') };
    const jwt = ['{"alg":"RS256"}', JSON.stringify(claims), 'signature']
      .map((p) => Buffer.from(p).toString('base64url'))
      .join('.');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${address.port}/token?api-version=2.0`, server });
    }),
  );
}

interface Scenario {
  title: string;
  inputs: Record<string, string>;
}

async function runAction(scenario: Scenario, base: Record<string, string>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'aws-task-pack-demo-'));
  const files = {
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
  };
  for (const f of Object.values(files)) writeFileSync(f, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...base, ...files, RUNNER_TEMP: dir };
  for (const [name, value] of Object.entries(scenario.inputs)) env[`INPUT_${name.toUpperCase()}`] = value;

  console.log(`\n━━━ ${scenario.title} ━━━`);
  // Asynchronous, so this process keeps serving the token endpoint while the action runs.
  const child = spawn(process.execPath, ['--no-warnings', 'dist/index.js'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  console.log(`\n→ exit code ${status}`);
  const outputs = readFileSync(files.GITHUB_OUTPUT, 'utf8').match(/^[\w-]+(?=<<)/gm) ?? [];
  console.log(`→ outputs set: ${outputs.join(', ')}`);
  console.log('→ job summary:\n');
  console.log(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'));
}

async function main(): Promise<void> {
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  console.log('Starting moto_server on a free loopback port...');
  const moto = await startMoto();
  const token = await startTokenEndpoint();
  try {
    const sm = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: { accessKeyId: 'seed', secretAccessKey: 'seed' },
    });
    const seed: Array<[string, string]> = [
      [
        'prod/db',
        JSON.stringify({
          username: 'app_user',
          password: 'demo-password-7f3a',
          host: 'db.internal',
          port: 5432,
        }),
      ],
      ['prod/api-key', 'demo-api-key-5b9e2c'],
      [
        'prod/tls-key',
        '-----BEGIN DEMO KEY-----\ndemo-line-one-3c1d\ndemo-line-two-9e8f\n-----END DEMO KEY-----',
      ],
    ];
    for (const [Name, SecretString] of seed) await sm.send(new CreateSecretCommand({ Name, SecretString }));
    sm.destroy();

    const base: Record<string, string> = {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      AWS_CONFIG_FILE: '/nonexistent',
      GITHUB_ACTIONS: 'true',
      GITHUB_REPOSITORY: 'demo/app',
      GITHUB_RUN_ID: '1001',
      GITHUB_RUN_ATTEMPT: '1',
      ACTIONS_ID_TOKEN_REQUEST_URL: token.url,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
      'INPUT_AWS-REGION': 'us-east-1',
      'INPUT_ENDPOINT-URL': moto.endpoint,
      'INPUT_ROLE-TO-ASSUME': 'arn:aws:iam::123456789012:role/demo-ci',
    };
    const scenarios: Scenario[] = [
      {
        title: 'fetch-secret: OIDC → role, JSON keys selected, a multi-line secret, a wildcard',
        inputs: {
          operation: 'fetch-secret',
          'secret-ids': 'DB,prod/db\nprod/tls-key\nprod/api*',
          'parse-json': 'true',
          'json-keys': 'password,host',
        },
      },
      {
        title: 'fetch-secret dry-run: proves the secrets exist, reads no value',
        inputs: { operation: 'fetch-secret', 'secret-ids': 'DB,prod/db\nprod/*', 'dry-run': 'true' },
      },
      {
        title: 'fetch-secret with a missing secret: exit 5, nothing exported',
        inputs: { operation: 'fetch-secret', 'secret-ids': 'prod/db\nprod/missing', 'log-format': 'json' },
      },
      {
        title: 'a bad input: exit 1 before any request',
        inputs: { operation: 'fetch-secret', 'secret-ids': 'prod/db', 'dry-run': 'yes' },
      },
    ];
    for (const scenario of scenarios) await runAction(scenario, base);
  } finally {
    token.server.close();
    await moto.stop();
  }
}

await main();
