/**
 * Replays the `e2e` job of .github/workflows/ci.yml on this machine, as the runner would run it: each
 * `uses: ./` step runs dist/index.js with its `with:` values (and action.yml's defaults for the rest)
 * as INPUT_* variables, later steps see what earlier ones wrote to GITHUB_ENV, and each check step runs
 * test/e2e/check-outputs.mjs with the recorded outputs, exactly as written in the workflow. So the job's
 * assertions pass here before they run on the hosted runners, and a change that breaks them fails here.
 * The job's own set-up steps (installing and starting moto, seeding the secret) are done by the harness.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { parse } from 'yaml';
import { startMoto, type Moto } from '../support/moto.js';
import { expectExit, runBundle } from './harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
}
interface Job {
  env: Record<string, string>;
  steps: Step[];
}

const ci = parse(readFileSync(`${ROOT}.github/workflows/ci.yml`, 'utf8')) as { jobs: Record<string, Job> };
const job = ci.jobs.e2e!;
const actionInputs = (
  parse(readFileSync(`${ROOT}action.yml`, 'utf8')) as { inputs: Record<string, { default?: string }> }
).inputs;

/** The job's steps that prepare the runner; the harness stands in for them. */
const SET_UP =
  /^(actions\/(checkout|setup-node|setup-python)@|pip install |Start moto_server$|Seed the secret$|moto_server's log$)/;
const CHECK = /^node test\/e2e\/check-outputs\.mjs ([\w-]+)$/;

let moto: Moto;
let jobEnv: Record<string, string>;

beforeAll(async () => {
  moto = await startMoto();
  // The workflow's fixed port, here a free one: the steps read the endpoint from the job's env.
  jobEnv = { ...job.env, E2E_ENDPOINT: moto.endpoint };
  const secrets = new SecretsManagerClient({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: jobEnv.AWS_ACCESS_KEY_ID!, secretAccessKey: jobEnv.AWS_SECRET_ACCESS_KEY! },
  });
  await secrets.send(
    new CreateSecretCommand({ Name: jobEnv.E2E_SECRET_ID, SecretString: jobEnv.E2E_SECRET_VALUE }),
  );
  secrets.destroy();
}, 60_000);

afterAll(async () => {
  await moto?.stop();
});

/** Evaluates the expressions the job uses: `${{ env.NAME }}` and `${{ toJSON(steps.ID.outputs) }}`. */
function evaluate(value: string | number | boolean, outputs: Map<string, Record<string, string>>): string {
  return String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expr: string) => {
    const env = /^env\.(\w+)$/.exec(expr);
    if (env && jobEnv[env[1]!] !== undefined) return jobEnv[env[1]!]!;
    const json = /^toJSON\(steps\.([\w-]+)\.outputs\)$/.exec(expr);
    if (json && outputs.has(json[1]!)) return JSON.stringify(outputs.get(json[1]!), null, 2);
    throw new Error(`the replay cannot evaluate \${{ ${expr} }}`);
  });
}

test('the e2e job runs every operation planned and applied, each step checked', () => {
  const actionSteps = job.steps.filter((s) => s.uses === './');
  const ops = actionSteps.map(
    (s) => `${s.with?.operation} ${String(s.with?.['dry-run']) === 'true' ? 'plan' : 'apply'}`,
  );
  expect(ops.sort()).toEqual(
    ['ensure-bucket', 'fetch-secret', 'prune', 'upload-artifact'].flatMap((o) => [`${o} apply`, `${o} plan`]),
  );
  // Each action step is followed by the check of its outputs.
  for (const s of actionSteps) {
    const next = job.steps[job.steps.indexOf(s) + 1];
    expect({ step: s.id, check: CHECK.exec(next?.run ?? '')?.[1] }).toEqual({ step: s.id, check: s.id });
  }
});

test('the e2e job passes on this machine, step by step', async () => {
  const outputs = new Map<string, Record<string, string>>();
  const exported: Record<string, string> = {};
  const checked: string[] = [];
  for (const step of job.steps) {
    const label = step.id ?? step.name ?? step.uses ?? step.run ?? '';
    if (step.uses === './') {
      const inputs: Record<string, string> = {};
      for (const [name, spec] of Object.entries(actionInputs))
        if (spec.default !== undefined) inputs[name] = spec.default;
      for (const [name, value] of Object.entries(step.with ?? {})) inputs[name] = evaluate(value, outputs);
      const r = await runBundle({ inputs, idToken: false, cwd: ROOT, env: { ...jobEnv, ...exported } });
      expectExit(r, 0, `The step ${label}`);
      outputs.set(step.id!, r.outputs);
      Object.assign(exported, r.env);
      continue;
    }
    const check = CHECK.exec(step.run ?? '');
    if (check) {
      const env = Object.fromEntries(
        Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(v, outputs)]),
      );
      const r = spawnSync(process.execPath, ['test/e2e/check-outputs.mjs', check[1]!], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { PATH: process.env.PATH, ...jobEnv, ...exported, ...env },
      });
      expect({ step: check[1], status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
        step: check[1],
        status: 0,
        stdout: expect.stringMatching(/ 0 problems\n$/),
        stderr: '',
      });
      checked.push(check[1]!);
      continue;
    }
    // Anything else must be one of the set-up steps, so a new kind of step cannot go unreplayed.
    expect({ step: label, setUp: SET_UP.test(step.uses ?? step.name ?? step.run ?? '') }).toEqual({
      step: label,
      setUp: true,
    });
  }
  expect(checked).toHaveLength(8);
}, 180_000);

test('check-outputs.mjs fails a step whose outputs differ', () => {
  const r = spawnSync(process.execPath, ['test/e2e/check-outputs.mjs', 'prune-apply'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      OUTPUTS: JSON.stringify({
        'exit-code': '0',
        'dry-run': 'false',
        'planned-count': '1',
        'deleted-count': '0',
      }),
    },
  });
  expect(r.status).toBe(1);
  expect(r.stdout).toContain('::error title=e2e prune-apply::deleted-count: got "0", expected "1"');
  expect(r.stdout).toContain('kept-count: got undefined');
});
