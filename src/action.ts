import { setMaxListeners } from 'node:events';
import { ActionHost } from './host/action-host.js';
import { runTask } from './run-task.js';

/** The action's entry: run the operation, cancel cleanly on SIGINT/SIGTERM, exit with the mapped code. */
export async function run(): Promise<void> {
  const controller = new AbortController();
  // Every request in flight listens to the signal (files × parts, up to 64 × 32): not a leak.
  setMaxListeners(0, controller.signal);
  let signals = 0;
  const onSignal = (name: string): void => {
    signals++;
    if (signals > 1) process.exit(130);
    process.stdout.write(`Received ${name}: stopping in-flight work (send it again to exit at once).\n`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const code = await runTask(new ActionHost(), { signal: controller.signal });
  process.exitCode = code;
  // Sockets of keep-alive agents are closed by then; this only guards against a stray handle.
  setTimeout(() => process.exit(code), 2000).unref();
}
