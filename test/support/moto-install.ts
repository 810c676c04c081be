import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** What a newcomer reads when the emulator is not installed: the one command that installs it. */
export const MOTO_MISSING = [
  'moto_server (the local AWS emulator the integration tests and the demo run against) is not on PATH.',
  "Install it with:  pip install 'moto[server]'   (Python 3; or pipx install 'moto[server]')",
  'then make sure the directory pip installs scripts into (often ~/.local/bin) is on PATH.',
].join('\n');

/** The moto_server executable on PATH, if there is one. */
export function findMotoServer(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, 'moto_server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export class MotoMissingError extends Error {
  constructor() {
    super(MOTO_MISSING);
    this.name = 'MotoMissingError';
  }
}
