/**
 * Runs one command as a child process and measures the whole process: wall time from spawn to exit
 * (process.hrtime in this process), and the child's CPU time (user + sys) and peak RSS as the kernel
 * reports them to its parent through wait4() — read via GNU time (`/usr/bin/time -f`), which waits
 * for the command and writes its rusage to a file. Without GNU time, CPU and RSS are not measured
 * (shown as n/a) rather than guessed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';

export interface Measured {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** process.hrtime.bigint() just before spawn. */
  spawnedAt: bigint;
  wallSeconds: number;
  userSeconds?: number;
  sysSeconds?: number;
  /** Peak resident set size of the child (and any child it waited for), KiB. */
  maxRssKiB?: number;
  /** The last few KiB of stdout + stderr, for diagnosing failures. */
  outputTail: string;
}

export interface RunSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
}

let gnuTime: boolean | undefined;

/** GNU time is present (`/usr/bin/time --version` says so); BusyBox's has no `-o`/`-f` we rely on. */
export function hasGnuTime(): boolean {
  if (gnuTime === undefined) {
    if (!existsSync(GNU_TIME)) gnuTime = false;
    else {
      const r = spawnSync(GNU_TIME, ['--version'], { encoding: 'utf8' });
      gnuTime = `${r.stdout}${r.stderr}`.includes('GNU');
    }
  }
  return gnuTime;
}

const TAIL = 6000;

/** The process group of the run in progress, so an interrupted bench can stop it. */
let current: number | undefined;

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops the run in progress (on Ctrl-C). */
export function killCurrent(): void {
  killGroup(current);
}

/** The last bytes of a file. */
function tailOf(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buf = Buffer.alloc(length);
    readSync(fd, buf, 0, length, size - length);
    return buf.toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export async function measure(spec: RunSpec, scratchDir: string, seq: number): Promise<Measured> {
  const timed = hasGnuTime();
  const rusageFile = join(scratchDir, `rusage-${seq}.txt`);
  const outputFile = join(scratchDir, `output-${seq}.txt`);
  const command = timed ? GNU_TIME : spec.command;
  const args = timed ? ['-f', '%U %S %M', '-o', rusageFile, spec.command, ...spec.args] : spec.args;
  // Output goes to a file, not a pipe: this process (which is also the sink) does no work for it.
  const out = openSync(outputFile, 'w');
  const spawnedAt = process.hrtime.bigint();
  let child;
  try {
    child = spawn(command, args, {
      env: spec.env,
      cwd: spec.cwd,
      stdio: ['ignore', out, out],
      // Its own process group, so a timeout can stop GNU time and the command it runs together.
      detached: true,
    });
  } finally {
    closeSync(out);
  }
  current = child.pid;
  let killed = '';
  let timer: NodeJS.Timeout | undefined;
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve({ code, signal }));
      if (spec.timeoutMs)
        timer = setTimeout(() => {
          killed = `\n[bench] killed after ${spec.timeoutMs} ms`;
          killGroup(child.pid);
        }, spec.timeoutMs);
    },
  );
  const wallSeconds = Number(process.hrtime.bigint() - spawnedAt) / 1e9;
  if (timer) clearTimeout(timer);
  current = undefined;
  const measured: Measured = {
    exitCode: result.code,
    signal: result.signal,
    spawnedAt,
    wallSeconds,
    outputTail: tailOf(outputFile, TAIL) + killed,
  };
  rmSync(outputFile, { force: true });
  if (timed && existsSync(rusageFile)) {
    // GNU time writes "Command exited with non-zero status N" before the format line on failure.
    const lines = readFileSync(rusageFile, 'utf8').trim().split('\n');
    const [user, sys, rss] = (lines[lines.length - 1] ?? '').trim().split(/\s+/).map(Number);
    if ([user, sys, rss].every((n) => Number.isFinite(n))) {
      measured.userSeconds = user;
      measured.sysSeconds = sys;
      measured.maxRssKiB = rss;
    }
    rmSync(rusageFile, { force: true });
  }
  return measured;
}
