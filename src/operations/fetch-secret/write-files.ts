import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Variable } from './variables.js';

/** Writes each variable to `<dir>/<NAME>` with mode 0600, refusing to follow a symlink planted there. */
export async function writeVariableFiles(dir: string, variables: Variable[]): Promise<string[]> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: string[] = [];
  for (const v of variables) {
    const path = join(dir, v.name);
    const handle = await open(
      path,
      constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
      0o600,
    );
    try {
      await handle.chmod(0o600);
      await handle.writeFile(v.bytes ?? v.value);
    } finally {
      await handle.close();
    }
    paths.push(path);
  }
  return paths;
}
