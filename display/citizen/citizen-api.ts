/**
 * The citizens' app's calls to `/api/citizen/*` (see server/routes/citizen/CONTRACT.md): public,
 * no session, no CSRF token. Refusals come back as words to show beside the field they name.
 */
import type { Localized } from '../i18n/strings';

export interface Service {
  code: string;
  name: Localized;
}

export interface Challenge {
  challenge: string;
  difficulty: number;
  expiresAt: string | number;
}

export interface Created {
  code: string;
  url: string;
  reportId: string;
}

export interface Duplicate {
  reportId: string;
  title: string;
  status: string;
  url: string;
}

/** A refusal in both languages, with the form field it concerns when there is one. */
export interface Refusal {
  status: number;
  message: Localized;
  field: string | null;
}

export interface TimelineStep {
  at: string | number;
  text: Localized;
}

export interface Tracked {
  status: string;
  statusText: Localized | string;
  place: Localized | string | null;
  description: string | null;
  photos: string[];
  timeline: TimelineStep[];
  response: { text: string; photos: string[]; at: string | number } | null;
  rating: { score: number; comment?: string | null } | null;
  canRate: boolean;
  title?: string;
  category?: Localized | string;
}

const FALLBACK: Localized = { vi: 'Máy chủ từ chối yêu cầu', en: 'The server refused the request' };

/**
 * Reads a refusal in either shape the server uses: `{ error: { vi, en, field } }` or the house's
 * `{ message, messageVi, field }`.
 */
export function refusalOf(status: number, body: unknown): Refusal {
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'object' && error !== null) {
    const words = error as Record<string, unknown>;
    if (typeof words.vi === 'string' && typeof words.en === 'string')
      return { status, message: { vi: words.vi, en: words.en }, field: stringOrNull(words.field ?? record.field) };
  }
  const en = typeof record.message === 'string' ? record.message : null;
  const vi = typeof record.messageVi === 'string' ? record.messageVi : en;
  if (vi && en) return { status, message: { vi, en }, field: stringOrNull(record.field) };
  return { status, message: FALLBACK, field: null };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export class CitizenApiError extends Error {
  readonly refusal: Refusal;
  constructor(refusal: Refusal) {
    super(refusal.message.en);
    this.refusal = refusal;
  }
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (!response.ok) throw new CitizenApiError(refusalOf(response.status, body));
  return body as T;
}

export async function fetchServices(): Promise<Service[]> {
  return (await getJson<{ services: Service[] }>('/api/citizen/services')).services;
}

export function fetchChallenge(): Promise<Challenge> {
  return getJson<Challenge>('/api/citizen/challenge');
}

export function fetchReport(ref: string): Promise<Tracked> {
  return getJson<Tracked>(`/api/citizen/reports/${encodeURIComponent(ref)}`);
}

export async function sendRating(
  code: string,
  rating: { score: number; comment?: string; reopen?: boolean },
): Promise<void> {
  const response = await fetch(`/api/citizen/reports/${encodeURIComponent(code)}/rating`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(rating),
  });
  if (!response.ok)
    throw new CitizenApiError(refusalOf(response.status, (await response.json().catch(() => ({}))) as unknown));
}

/** What sending a report came to. `later`: no network, or the server is away: kept, tried again. */
export type SendResult =
  | { kind: 'created'; created: Created }
  | { kind: 'duplicate'; duplicate: Duplicate; refusal: Refusal }
  | { kind: 'refused'; refusal: Refusal }
  | { kind: 'later' };

export async function postReport(form: FormData): Promise<SendResult> {
  let response: Response;
  try {
    response = await fetch('/api/citizen/reports', { method: 'POST', body: form });
  } catch {
    return { kind: 'later' };
  }
  const body = (await response.json().catch(() => ({}))) as unknown;
  if (response.status === 201 || response.status === 200) return { kind: 'created', created: body as Created };
  if (response.status === 409) {
    const duplicate = (body as { duplicate?: Duplicate }).duplicate;
    if (duplicate) return { kind: 'duplicate', duplicate, refusal: refusalOf(409, body) };
  }
  // The server away or overloaded: not the citizen's doing, the report waits and goes later.
  if (response.status >= 500) return { kind: 'later' };
  return { kind: 'refused', refusal: refusalOf(response.status, body) };
}

/** The words of a value that is either a plain string or `{ vi, en }`. */
export function wordsOf(value: Localized | string | null | undefined, locale: 'vi' | 'en'): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : value[locale];
}
