import { EXIT_CODE_TABLE } from '../src/errors.js';
import { OTHER_ACTION_INPUTS } from '../src/inputs/other-actions.js';
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
    const dflt = actionYmlDefault(spec);
    // An input with aliases states its default in words instead (see actionYmlDefault).
    const stated = dflt === undefined && spec.default !== undefined ? ` Default: \`${spec.default}\`.` : '';
    lines.push(
      `  ${name}:`,
      `    description: ${yamlString(spec.description + stated + scope)}`,
      `    required: ${spec.required ? 'true' : 'false'}`,
    );
    if (dflt !== undefined) lines.push(`    default: ${yamlString(dflt)}`);
  }
  // Declared so the runner passes them without its "Unexpected input" warning; no default, so an alias
  // counts as given only when the workflow gives it.
  for (const { alias, input, from, spec } of inputAliases()) {
    const scope = spec.operations ? ` (${spec.operations.join(', ')})` : '';
    lines.push(
      `  ${alias}:`,
      `    description: ${yamlString(`Another name of \`${input}\` (its name in ${from}).${scope}`)}`,
      '    required: false',
    );
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

/**
 * The default `action.yml` declares. None for an input with aliases: the runner passes every declared
 * default as if the workflow had given it, and `parse-json: 'false'` beside `parse-json-secrets: true`
 * would then read as one input given twice. The parser applies the default all the same.
 */
export function actionYmlDefault(spec: InputSpec): string | undefined {
  return spec.aliases ? undefined : (spec.actionDefault ?? spec.default);
}

/** Every alias with the input it names, from the schema. */
export function inputAliases(): Array<{ alias: string; input: string; from: string; spec: InputSpec }> {
  return Object.entries(INPUTS).flatMap(([input, raw]) => {
    const spec = raw as InputSpec;
    return Object.entries(spec.aliases ?? {}).map(([alias, from]) => ({ alias, input, from, spec }));
  });
}

function aliasText(spec: InputSpec): string {
  const names = Object.entries(spec.aliases ?? {}).map(([alias, from]) => `\`${alias}\` (${from})`);
  return names.length ? ` Also accepted as ${names.join(', ')}.` : '';
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
    return `| \`${name}\` | ${cell(defaultText(spec))} | ${cell(spec.description + aliasText(spec))} |`;
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

/** The migration table: the other actions' inputs and what each is here (src/inputs/other-actions.ts). */
export function renderMigrationTable(): string {
  // Inputs that share their fate (the same action, no equivalent, the same note) share one row.
  const groups: Array<{ names: string[]; o: (typeof OTHER_ACTION_INPUTS)[number] }> = [];
  for (const o of OTHER_ACTION_INPUTS) {
    const last = groups.at(-1);
    if (last && last.o.action === o.action && last.o.ours === o.ours && last.o.note === o.note)
      last.names.push(o.name);
    else groups.push({ names: [o.name], o });
  }
  const rows = groups.map(
    ({ names, o }) =>
      `| ${names.map((n) => `\`${n}\``).join(', ')} | ${o.action} | ${o.ours ? `\`${o.ours}\`` : 'none: refused (exit 1)'} | ${cell(o.note)} |`,
  );
  return ['| their input | action | here | notes |', '|---|---|---|---|', ...rows].join('\n');
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
  'migration-inputs': renderMigrationTable,
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
