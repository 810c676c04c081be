import { EXIT_CODE_TABLE } from '../src/errors.js';
import {
  INPUTS,
  OPERATIONS,
  OUTPUTS,
  inputsFor,
  type InputSpec,
  type OperationName,
  type OutputSpec,
} from '../src/operations/schema.js';

/** Renders `action.yml` and the README's generated tables from the one schema assembled in src/operations/schema.ts. */

function yamlString(value: string): string {
  return JSON.stringify(value);
}

export function renderActionYml(): string {
  const lines = [
    '# Generated from src/operations/schema.ts by `npm run generate`; edit the schema, not this file.',
    "name: 'aws-task-pack'",
    "description: 'S3 and Secrets Manager tasks for CI: ensure-bucket, prune, upload-artifact, fetch-secret, with GitHub OIDC auth.'",
    "author: 'aws-task-pack'",
    'branding:',
    '  icon: package',
    '  color: orange',
    'inputs:',
  ];
  for (const [name, raw] of Object.entries(INPUTS)) {
    const spec = raw as InputSpec;
    const scope = spec.operations ? ` (${spec.operations.join(', ')})` : '';
    lines.push(
      `  ${name}:`,
      `    description: ${yamlString(spec.description + scope)}`,
      `    required: ${spec.required ? 'true' : 'false'}`,
    );
    const dflt = spec.actionDefault ?? spec.default;
    if (dflt !== undefined) lines.push(`    default: ${yamlString(dflt)}`);
  }
  lines.push('outputs:');
  for (const [name, raw] of Object.entries(OUTPUTS)) {
    const spec = raw as OutputSpec;
    const scope = spec.operations ? ` (${spec.operations.join(', ')})` : '';
    lines.push(`  ${name}:`, `    description: ${yamlString(spec.description + scope)}`);
  }
  lines.push('runs:', "  using: 'node24'", "  main: 'dist/index.js'", '');
  return lines.join('\n');
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultText(spec: InputSpec): string {
  if (spec.docDefault) return spec.docDefault;
  if (spec.required) return 'required';
  if (spec.default === undefined) return '—';
  return spec.default === '' ? "`''`" : `\`${spec.default}\``;
}

export function renderInputTable(scope: OperationName | 'common'): string {
  const rows = inputsFor(scope).map((name) => {
    const spec = INPUTS[name] as InputSpec;
    return `| \`${name}\` | ${cell(defaultText(spec))} | ${cell(spec.description)} |`;
  });
  return ['| input | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function renderOutputTable(): string {
  const rows = Object.entries(OUTPUTS).map(([name, raw]) => {
    const spec = raw as OutputSpec;
    return `| \`${name}\` | ${spec.operations ? spec.operations.join(', ') : 'all'} | ${cell(spec.description)} |`;
  });
  return ['| output | operations | meaning |', '|---|---|---|', ...rows].join('\n');
}

export function renderExitCodeTable(): string {
  const rows = EXIT_CODE_TABLE.map((r) => `| ${r.code} | ${cell(r.meaning)} | ${cell(r.examples)} |`);
  return ['| code | meaning | examples |', '|---|---|---|', ...rows].join('\n');
}

/** The README blocks between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export const README_BLOCKS: Record<string, () => string> = {
  'inputs-common': () => renderInputTable('common'),
  ...Object.fromEntries(
    OPERATIONS.filter((op) => inputsFor(op).length > 0).map((op) => [
      `inputs-${op}`,
      () => renderInputTable(op),
    ]),
  ),
  outputs: renderOutputTable,
  'exit-codes': renderExitCodeTable,
};

export function fillReadme(readme: string): string {
  let out = readme;
  for (const [block, render] of Object.entries(README_BLOCKS)) {
    const pattern = new RegExp(`(<!-- generated:${block} -->)[\\s\\S]*?(<!-- /generated:${block} -->)`);
    if (!pattern.test(out)) throw new Error(`README.md lacks the block <!-- generated:${block} -->`);
    out = out.replace(pattern, (_m, start: string, end: string) => `${start}\n${render()}\n${end}`);
  }
  return out;
}
