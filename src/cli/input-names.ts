import { INPUTS } from '../operations/schema.js';
import { BOOLEAN_INPUTS } from './flags.js';

const NAMES = new Set(Object.keys(INPUTS).filter((n) => n !== 'operation'));

/**
 * Messages and descriptions speak the action's language (`allow-whole-bucket: true`, ``Input
 * `bucket` ``); on the command line the same advice reads as flags (`--allow-whole-bucket`,
 * `--bucket`). Only names of inputs are rewritten, so other code spans stay as they were. `bare`
 * also rewrites a lone `` `bucket` ``: right for our own prose (help, error messages), not for text
 * that may quote a file or key of that name (log lines, summaries).
 */
export function inputsAsFlags(text: string, options: { bare?: boolean } = {}): string {
  const out = text
    .replace(/`([a-z][a-z0-9-]*): ([^`\n]*)`/g, (whole, name: string, value: string) => {
      if (!NAMES.has(name)) return whole;
      const bare = BOOLEAN_INPUTS.has(name as never) && value.trim() === 'true';
      return `\`--${name}${bare ? '' : ` ${value.trim()}`}\``;
    })
    .replace(/\bInput `([a-z][a-z0-9-]*)`/g, (whole, name: string) =>
      NAMES.has(name) ? `\`--${name}\`` : whole,
    );
  if (!options.bare) return out;
  return out.replace(/`([a-z][a-z0-9-]*)`/g, (whole, name: string) =>
    NAMES.has(name) ? `\`--${name}\`` : whole,
  );
}
