/**
 * A request to a test app as a signed-in person: the session cookie, and the CSRF token a change
 * needs; JSON in and out.
 */
import type { TestApp } from './test-app';

export interface SignedIn {
  cookie: string;
  csrfToken: string;
}

export async function callAs<T = Record<string, unknown>>(
  app: Pick<TestApp, 'url'>,
  who: SignedIn,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${app.url}${path}`, {
    method,
    headers: {
      cookie: who.cookie,
      'x-csrf-token': who.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
