// ncc names every bundle index.js and its lazily loaded chunks <id>.index.js: the CLI bundle goes next
// to the action's as dist/cli.js (executable), its chunks as <id>.cli.js so the two never collide.
// (`prebuild` has removed the chunks of the previous build.)
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const LOADER = 'return "" + chunkId + ".index.js";';
const source = readFileSync('build/cli/index.js', 'utf8');
const chunks = readdirSync('build/cli').filter((f) => /^\d+\.index\.js$/.test(f));
if (chunks.length && !source.includes(LOADER))
  throw new Error('place-cli: the CLI bundle has chunks but no chunk loader this script knows');
writeFileSync('dist/cli.js', source.replace(LOADER, 'return "" + chunkId + ".cli.js";'));
chmodSync('dist/cli.js', 0o755);
for (const f of chunks)
  writeFileSync(`dist/${f.replace('.index.js', '.cli.js')}`, readFileSync(`build/cli/${f}`));
rmSync('build/cli', { recursive: true, force: true });
