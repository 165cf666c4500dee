/**
 * The citizens' app's calls to `/api/citizen/*` (see server/routes/citizen/CONTRACT.md): public,
 * no session, no CSRF token. Refusals come back as words to show beside the field they name.
 */
import type { Localized } from '../i18n/strings';
import type {
  CitizenChallenge,
  CitizenDuplicate,
  CitizenRating,
  CitizenReceipt,
  CitizenReportView,
  CitizenServices,
} from '../../server/protocol/citizen';

export type Service = CitizenServices['services'][number];
export type Created = CitizenReceipt;
export type Duplicate = CitizenDuplicate['duplicate'];
export type Tracked = CitizenReportView;

/** A refusal in both languages, with the form field it concerns when there is one. */
export interface Refusal {
  status: number;
  message: Localized;
  field: string | null;
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

const SERVICES_KEY = 'ioc-citizen-services';

/** The categories; the last list seen when offline, so a report can be written without network. */
export async function fetchServices(storage: Storage = localStorage): Promise<Service[]> {
  try {
    const { services } = await getJson<CitizenServices>('/api/citizen/services');
    storage.setItem(SERVICES_KEY, JSON.stringify(services));
    return services;
  } catch (error) {
    const kept = JSON.parse(storage.getItem(SERVICES_KEY) ?? 'null') as Service[] | null;
    if (Array.isArray(kept) && kept.length > 0) return kept;
    throw error;
  }
}

export function fetchChallenge(): Promise<CitizenChallenge> {
  return getJson<CitizenChallenge>('/api/citizen/challenge');
}

export function fetchReport(ref: string): Promise<Tracked> {
  return getJson<Tracked>(`/api/citizen/reports/${encodeURIComponent(ref)}`);
}

export async function sendRating(code: string, rating: CitizenRating): Promise<void> {
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
