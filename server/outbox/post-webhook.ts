/**
 * One webhook attempt: a POST to the subscription's URL, connecting only to an address the
 * destination rule allows (`destination-policy.ts`), following no redirect (it could point the
 * signed body anywhere), within a timeout. `node:http(s)` rather than `fetch`, because only its
 * `lookup` option lets the rule judge the address the connection actually uses.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { addressRefusal, guardedLookup, hostOf, type Lookup } from './destination-policy';

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** The networks beside the public internet a webhook may go to (CIDR). */
  allowedNetworks: readonly string[];
  /** The resolver (tests give names that resolve where they choose). */
  lookup?: Lookup;
}

/** The receiver's status, or why there was none (for the dead-letter list, in English). */
export type PostOutcome = { status: number } | { error: string };

export function postWebhook(post: WebhookPost): Promise<PostOutcome> {
  const url = new URL(post.url);
  const host = hostOf(url);
  // An address in the URL is connected to without a lookup: judge it here.
  if (isIP(host) !== 0) {
    const refusal = addressRefusal(host, post.allowedNetworks);
    if (refusal) return Promise.resolve({ error: refusal.en });
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = send(url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: guardedLookup(post.allowedNetworks, post.lookup),
      // A connection of its own each time: a kept-alive socket would skip the lookup, and so the
      // rule as the config says it now (notices are few; a new connection costs nothing here).
      agent: false,
    });
    const timer = setTimeout(() => {
      settle({ error: `no answer within ${post.timeoutMs / 1000} s` });
      request.destroy();
    }, post.timeoutMs);
    request.on('response', (response: IncomingMessage) => {
      settle({ status: response.statusCode ?? 0 });
      // The body is not read: drop it and the connection's pending data.
      response.resume();
      response.on('error', () => {});
    });
    request.on('error', (error: NodeJS.ErrnoException) =>
      // The rule's refusal says which address and why; otherwise the system's code (ECONNREFUSED…).
      settle({ error: error.code === 'IOC_DESTINATION_REFUSED' ? error.message : (error.code ?? error.message) }),
    );
    request.end(post.body);
  });
}
