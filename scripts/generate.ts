import { readFileSync, writeFileSync } from 'node:fs';
import { fillReadme, renderActionYml } from './docs.js';

/** Rewrites action.yml and the README's tables from the schema. CI fails when the result differs from git. */
writeFileSync('action.yml', renderActionYml());
writeFileSync('README.md', fillReadme(readFileSync('README.md', 'utf8')));
console.log('generated action.yml and README.md tables');
