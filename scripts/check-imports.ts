/**
 * Keeps the imports of src/ running one way (entries → run-task → operations → spine) and free of
 * cycles. Part of `npm run lint`; prints every offending import and exits 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = resolve('src');
const ENTRIES = ['index.ts', 'action.ts', 'cli.ts', 'cli/'];
const SPINE = [
  'auth/',
  'aws/',
  'inputs/',
  'logging/',
  'report/',
  'host/',
  'util/',
  'errors.ts',
  'version.ts',
];

/** For files under a prefix: the prefixes they must never import, and why. */
const RULES: Array<{ from: string[]; never: string[]; why: string }> = [
  { from: SPINE, never: [...ENTRIES, 'run-task.ts', 'operations/'], why: 'the spine never imports upwards' },
  {
    from: ['operations/'],
    never: [...ENTRIES, 'run-task.ts'],
    why: 'operations never import the run or an entry',
  },
  { from: ['run-task.ts'], never: ENTRIES, why: 'the run never imports an entry' },
  {
    from: ['host/'],
    never: ['auth/', 'aws/', 'inputs/', 'logging/', 'report/', 'util/'],
    why: 'the host is the bottom of the spine (it may use errors.ts)',
  },
  {
    from: ['inputs/'],
    never: ['auth/', 'report/'],
    why: 'reading inputs needs neither credentials nor the renderer',
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const under = (file: string, prefixes: string[]): boolean =>
  prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

const graph = new Map<string, string[]>();
for (const path of sources(SRC)) {
  const file = relative(SRC, path);
  const text = readFileSync(path, 'utf8');
  const targets = [...text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
    relative(SRC, resolve(dirname(path), m[1]!.replace(/\.js$/, '.ts'))),
  );
  graph.set(file, targets);
}

const problems: string[] = [];
for (const [file, targets] of graph)
  for (const target of targets)
    for (const rule of RULES)
      if (under(file, rule.from) && under(target, rule.never))
        problems.push(`${file} imports ${target}: ${rule.why}`);

// Cycles: a depth-first walk, reporting each back edge once as the loop it closes.
const state = new Map<string, 'open' | 'done'>();
const stack: string[] = [];
const visit = (file: string): void => {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === 'open')
      problems.push(`import cycle: ${[...stack.slice(stack.indexOf(next)), next].join(' → ')}`);
    else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
};
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length) {
  console.error(`${problems.length} import problem(s) in src/:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`imports: ${graph.size} files, no cycle, no upward import`);
