/** Words and numbers as a person writes them, shared by every operation's report. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** `512 B`, `41.0 KiB`, `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/** `1 file`, `2 files`, `1,000 objects`; `plural` for words that do not just take an `s`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? singular : plural}`;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** Orders `f2` before `f10`; ties broken by code point so the order is total. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** A transfer rate is only worth printing when it measured something: at least 1 MiB over 1 s. */
export function meaningfulRate(bytes: number, seconds: number): string | undefined {
  if (bytes < 1024 * 1024 || seconds < 1) return undefined;
  return `${(bytes / 1024 / 1024 / seconds).toFixed(1)} MiB/s`;
}

/** `0.4 s`, `12 s`, `3 min 5 s`. */
export function formatDuration(seconds: number): string {
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - m * 60)} s`;
}

/** `2026-12-04 18:59 UTC`. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2026-12-04` for a listing column, from epoch milliseconds. */
export function formatDay(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}
