import type { Agent as HttpAgent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';

/**
 * The proxy (if any) for a target URL under `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` (and their lower-case
 * forms), with the usual semantics: NO_PROXY wins, `*` disables proxying.
 */
export function proxyFor(targetUrl: string): string | undefined {
  return getProxyForUrl(targetUrl) || undefined;
}

/** An agent that tunnels through the proxy, or undefined to connect directly. */
export function proxyAgentFor(
  targetUrl: string,
  options: { keepAlive: boolean; maxSockets: number },
): HttpAgent | HttpsAgent | undefined {
  const proxy = proxyFor(targetUrl);
  if (!proxy) return undefined;
  return targetUrl.startsWith('https:')
    ? (new HttpsProxyAgent(proxy, options) as unknown as HttpsAgent)
    : (new HttpProxyAgent(proxy, options) as unknown as HttpAgent);
}
