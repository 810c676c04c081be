import { readFileSync, writeFileSync } from 'node:fs';
import { fillReadme, renderActionYml } from './docs.js';
import { packageVersion, renderVersionModule, VERSION_MODULE } from './version.js';

/**
 * Rewrites action.yml and the README's tables from the schema, and src/version.ts from package.json.
 * CI fails when the result differs from git.
 */
writeFileSync('action.yml', renderActionYml());
writeFileSync('README.md', fillReadme(readFileSync('README.md', 'utf8')));
writeFileSync(VERSION_MODULE, renderVersionModule(packageVersion()));
console.log(`generated action.yml, README.md tables and ${VERSION_MODULE}`);
