/** The entry pages' calls to the server: JSON in and out, files up and down, the CSRF token on every change. */
import type { ErrorBody } from '../../server/protocol/rest';
import type { Problem } from '../../server/protocol/entry';

/** A refusal as the server words it, with every bad figure, cell or line when there are some. */
export class EntryError extends Error {
  readonly status: number;
  readonly body: Partial<ErrorBody> & { problems?: Problem[] };
  constructor(status: number, body: Partial<ErrorBody> & { problems?: Problem[] }) {
    super(body.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

let csrfToken = '';

export function setCsrf(token: string): void {
  csrfToken = token;
}

async function send<T>(
  method: string,
  path: string,
  body: BodyInit | undefined,
  contentType: string | null,
): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(contentType ? { 'content-type': contentType } : {}),
      ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }),
    },
    body,
  });
  const json = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new EntryError(response.status, json as EntryError['body']);
  return json as T;
}

export function api<T>(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<T> {
  return send<T>(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? null : 'application/json',
  );
}

/** Uploads a file as it is: the server reads and checks it. */
export function upload<T>(path: string, file: File): Promise<T> {
  return send<T>('POST', path, file, file.type || 'application/octet-stream');
}

/** The words of a refusal in the page's language. */
export function messageOf(error: unknown, locale: 'vi' | 'en'): string {
  if (error instanceof EntryError)
    return locale === 'vi' ? (error.body.messageVi ?? error.message) : (error.body.message ?? error.message);
  return String(error);
}
