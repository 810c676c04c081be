import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REGION, STATIC_KEYS } from './fixtures.js';
import { cleanEnvironment, runEntry, startCountingProxy } from './harness.js';

/**
 * The user agent a built action bundle sends to AWS, as an endpoint sees it: one fetch-secret call,
 * answered 503 and not retried (the answer does not matter, only the request).
 */
export async function userAgentOfBundle(entry: string): Promise<string> {
  const proxy = await startCountingProxy();
  const home = await mkdtemp(join(tmpdir(), 'atp-ua-'));
  try {
    await runEntry({
      entry,
      env: {
        ...cleanEnvironment(home),
        ...STATIC_KEYS,
        INPUT_OPERATION: 'fetch-secret',
        'INPUT_AWS-REGION': REGION,
        'INPUT_ENDPOINT-URL': proxy.endpoint,
        'INPUT_SECRET-IDS': 'app/user-agent-probe',
        'INPUT_MAX-ATTEMPTS': '1',
      },
    });
    const first = proxy.requests[0];
    if (!first) throw new Error(`${entry} made no request`);
    return first.userAgent;
  } finally {
    await proxy.close();
    await rm(home, { recursive: true, force: true });
  }
}
