#!/usr/bin/env node
import { setMaxListeners } from 'node:events';
import { runCli } from './cli/main.js';

// The SDK's notice that its releases after January 2027 need Node 22 is about future SDK versions;
// this file bundles its SDK, so the notice tells a CLI user nothing they can act on.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
// Every request in flight listens to the signal (files × parts, up to 64 × 32): not a leak.
setMaxListeners(0, controller.signal);
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
  stderrIsTTY: process.stderr.isTTY === true,
  signal: controller.signal,
});
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();
