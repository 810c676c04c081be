import { describe, expect, it } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { inputsIn } from '../../src/host/runner-inputs.js';
import { assertInputsDeclared } from '../../src/inputs/declared.js';
import { OTHER_ACTION_INPUTS } from '../../src/inputs/other-actions.js';
import { INPUTS, OPERATIONS, type InputSpec, type OperationName } from '../../src/operations/schema.js';
import { runTask } from '../../src/run-task.js';
import { closest } from '../../src/util/closest.js';
import { FakeHost, githubEnv, idTokenFor } from './fake-host.js';
import { allCalls, useTaskSandbox } from './helpers.js';

const sandbox = useTaskSandbox('atp-declared-');

/** Inputs as a workflow gives them (a value each). */
const withValues = (names: string[]): Record<string, string> =>
  Object.fromEntries(names.map((n) => [n, 'given-value']));

function refusal(given: string[], operation?: OperationName): InputError {
  try {
    assertInputsDeclared(withValues(given), INPUTS, operation);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error(`expected ${given.join(', ')} to be refused`);
}

describe('closest, on input names', () => {
  it.each([
    ['max-delete', 'max-deletes'],
    ['max_deletes', 'max-deletes'],
    ['MAX-DELETES', 'max-deletes'],
    ['parse-jsn', 'parse-json'],
    ['secret-id', 'secret-ids'],
    ['keep-last', 'keep-latest'],
  ])('suggests %s → %s', (typo, meant) => {
    expect(closest(typo, Object.keys(INPUTS))).toBe(meant);
  });
});

describe('inputsIn', () => {
  it('reads every INPUT_ variable as the runner sets it: upper case, spaces as _', () => {
    expect(
      inputsIn({ 'INPUT_MAX-DELETE': '10', INPUT_OPERATION: 'prune', INPUT_: 'x', PATH: '/bin' }),
    ).toEqual({
      'max-delete': '10',
      operation: 'prune',
    });
  });
});

describe('assertInputsDeclared', () => {
  it('accepts the inputs of the operation, the common ones and aliases, in any case', () => {
    expect(() =>
      assertInputsDeclared(
        withValues(['operation', 'AWS-REGION', 'secret-ids', 'parse-json-secrets', 'binary-encoding']),
        INPUTS,
        'fetch-secret',
      ),
    ).not.toThrow();
  });

  it('accepts what the runner passes for every declared input: its action.yml default, or empty', () => {
    // What a real runner sets on a fetch-secret step, beside the inputs the workflow gave.
    const runnerDefaults = Object.fromEntries(
      Object.entries(INPUTS).map(([name, spec]) => [
        name.toUpperCase(),
        (spec as InputSpec).actionDefault ?? (spec as InputSpec).default ?? '',
      ]),
    );
    expect(() =>
      assertInputsDeclared(
        { ...runnerDefaults, OPERATION: 'fetch-secret', 'SECRET-IDS': 'prod/db', 'PARSE-JSON-SECRETS': '' },
        INPUTS,
        'fetch-secret',
      ),
    ).not.toThrow();
    expect(() =>
      assertInputsDeclared({ ...runnerDefaults, 'MAX-DELETES': '10' }, INPUTS, 'fetch-secret'),
    ).toThrow('`max-deletes`: is an input of `prune`');
  });

  it('refuses a typo, suggesting the input meant', () => {
    const err = refusal(['operation', 'bucket', 'max-delete'], 'prune');
    expect(err.input).toBe('max-delete');
    expect(err.exitCode).toBe(1);
    expect(err.message).toContain('did you mean `max-deletes`?');
  });

  it('refuses an input of another operation, which would be ignored', () => {
    const err = refusal(['operation', 'secret-ids', 'keep-latest'], 'fetch-secret');
    expect(err.message).toContain('`keep-latest`: is an input of `prune`, and this step runs `fetch-secret`');
  });

  it('refuses an input no operation has even before the operation is known, but not another operation’s', () => {
    expect(refusal(['operaton']).message).toContain('did you mean `operation`?');
    expect(() => assertInputsDeclared(withValues(['keep-latest', 'secret-ids']), INPUTS)).not.toThrow();
  });

  it('says what to do instead for an input of configure-aws-credentials this action does not have', () => {
    const err = refusal(['aws-access-key-id'], 'fetch-secret');
    expect(err.message).toContain('is an input of configure-aws-credentials');
    expect(err.message).toContain('AWS_ACCESS_KEY_ID');
    expect(refusal(['auto-select-family-attempt-timeout'], 'fetch-secret').message).toContain(
      'aws-secretsmanager-get-secrets',
    );
  });

  it('names every unknown input at once', () => {
    const err = refusal(['max-delete', 'prefx', 'bucket'], 'prune');
    expect(err.message).toContain('`max-delete`');
    expect(err.message).toContain(
      'also `prefx` is not an input of this action for `prune` (did you mean `prefix`?)',
    );
  });

  it('shows a name that does not look like one only quoted', () => {
    expect(refusal(['bad`name\u001b[31m'], 'prune').input).toBe('"bad`name\\u001b[31m"');
  });
});

describe('the other actions’ inputs', () => {
  it('map only to inputs (or aliases) this action declares, under the same meaning', () => {
    const names = new Set(
      Object.entries(INPUTS).flatMap(([n, s]) => [n, ...Object.keys((s as InputSpec).aliases ?? {})]),
    );
    for (const o of OTHER_ACTION_INPUTS) {
      if (o.ours === undefined) {
        expect({ name: o.name, declaredHere: names.has(o.name) }).toEqual({
          name: o.name,
          declaredHere: false,
        });
        continue;
      }
      // Either the same name, or the other name is declared as an alias of ours.
      const spec = INPUTS[o.ours as keyof typeof INPUTS] as InputSpec;
      expect({ name: o.name, ok: o.name === o.ours || spec.aliases?.[o.name] === o.action }).toEqual({
        name: o.name,
        ok: true,
      });
    }
  });
});

describe('every operation refuses an unknown input before any request', () => {
  const required: Record<OperationName, Record<string, string>> = {
    'ensure-bucket': { bucket: 'my-bucket' },
    prune: { bucket: 'my-bucket', prefix: 'builds/', 'older-than': '7d' },
    'upload-artifact': { bucket: 'my-bucket', path: 'dist/**' },
    'fetch-secret': { 'secret-ids': 'prod/db' },
  };

  it.each(OPERATIONS.map((o) => [o]))('%s', async (operation) => {
    const host = new FakeHost({
      inputs: {
        operation,
        'aws-region': 'eu-west-1',
        'role-to-assume': 'arn:aws:iam::123456789012:role/ci',
        ...required[operation],
        'max-atempts': '3',
      },
      env: githubEnv(),
      idTokens: [(n) => idTokenFor(n)],
      tempDir: sandbox.tmp,
    });
    const code = await runTask(host);
    expect(code).toBe(1);
    expect(host.outputs['error-code']).toBe('InvalidInput');
    expect(host.errors[0]).toContain('`max-atempts`');
    expect(host.errors[0]).toContain('did you mean `max-attempts`?');
    expect(host.idTokenCalls).toBe(0);
    expect(allCalls(sandbox.s3, sandbox.sm, sandbox.sts)).toBe(0);
  });
});
