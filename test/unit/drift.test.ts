import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { README_BLOCKS, actionYmlDefault, fillReadme, renderActionYml } from '../../scripts/docs.js';
import { INPUTS, OUTPUTS, type InputSpec } from '../../src/operations/schema.js';
import { VERSION } from '../../src/version.js';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
}

const action = parse(read('action.yml')) as ActionYml;
const readme = read('README.md');

/** The generated blocks of the README, by name. */
function blocks(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of readme.matchAll(/<!-- generated:([\w-]+) -->([\s\S]*?)<!-- \/generated:\1 -->/g))
    out.set(m[1]!, m[2]!);
  return out;
}

/** The names in the first column of a generated table: "| `name` | …". */
function namesIn(block: string): string[] {
  return [...block.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

const sorted = (names: Iterable<string>): string[] => [...names].sort();

describe('action.yml, README and the schema agree', () => {
  it('declares the same inputs in action.yml, the README tables and INPUTS', () => {
    const readmeInputs = [...blocks()]
      .filter(([name]) => name.startsWith('inputs-'))
      .flatMap(([, b]) => namesIn(b));
    // An input shared by several operations appears in each of their tables; action.yml also declares
    // each alias, so the runner passes it without warning.
    const aliases = Object.values(INPUTS).flatMap((spec) => Object.keys((spec as InputSpec).aliases ?? {}));
    expect(aliases).toContain('parse-json-secrets');
    expect(sorted(Object.keys(action.inputs))).toEqual(sorted([...Object.keys(INPUTS), ...aliases]));
    expect(sorted(new Set(readmeInputs))).toEqual(sorted(Object.keys(INPUTS)));
  });

  it('declares the same outputs in action.yml, the README table and OUTPUTS', () => {
    const readmeOutputs = namesIn(blocks().get('outputs') ?? '');
    expect(sorted(Object.keys(action.outputs))).toEqual(sorted(Object.keys(OUTPUTS)));
    expect(sorted(readmeOutputs)).toEqual(sorted(Object.keys(OUTPUTS)));
  });

  it('gives action.yml the schema defaults, and requires only what the schema requires', () => {
    for (const [name, raw] of Object.entries(INPUTS)) {
      const spec = raw as InputSpec;
      expect({ name, default: action.inputs[name]?.default }).toEqual({
        name,
        default: actionYmlDefault(spec),
      });
      // Only an input with aliases leaves its default to the parser.
      if (!spec.aliases) expect(actionYmlDefault(spec)).toBe(spec.actionDefault ?? spec.default);
      expect({ name, required: action.inputs[name]?.required }).toEqual({
        name,
        required: spec.required ?? false,
      });
    }
  });

  it('runs on node24 from dist/index.js', () => {
    expect(action.runs.using).toBe('node24');
    expect(action.runs.main).toBe('dist/index.js');
    expect(existsSync(new URL('dist/index.js', root))).toBe(true);
  });

  it('has action.yml exactly as generated from the schema', () => {
    expect(read('action.yml')).toBe(renderActionYml());
  });

  it('has the README tables exactly as generated from the schema', () => {
    expect(readme).toBe(fillReadme(readme));
  });

  it('has no generated README block that the generator no longer fills', () => {
    expect(sorted(blocks().keys())).toEqual(sorted(Object.keys(README_BLOCKS)));
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg = JSON.parse(read('package.json')) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});
