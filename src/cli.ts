#!/usr/bin/env node
import { runCli } from './cli/main.js';

const controller = new AbortController();
let signals = 0;
const onSignal = (): void => {
  if (++signals > 1) process.exit(130);
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  signal: controller.signal,
});
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();
