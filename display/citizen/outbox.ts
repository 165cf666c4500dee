/**
 * Reports waiting to be sent, kept in IndexedDB with their photos as blobs, so a report written
 * without network survives closing the page and goes when the phone is back online. Each keeps the
 * `clientId` it was written with: however often it is tried (a lost answer, two tabs), the server
 * stores it once.
 */
import { fetchChallenge, postReport, type SendResult } from './citizen-api';
import type { PowReply, PowRequest } from './pow';

export interface OutboxEntry {
  clientId: string;
  /** The form's text fields as the server reads them (without the proof of work, made at send time). */
  fields: Record<string, string>;
  photos: Blob[];
  writtenAt: number;
  /** The category's name, for the phone's own list (not sent). */
  label: { vi: string; en: string };
  /** Set when the server refused it: shown with the words, not sent again. */
  refused?: { vi: string; en: string };
}

const DB_NAME = 'ioc-citizen';
const STORE = 'outbox';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'clientId' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB unavailable'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = act(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB write failed'));
    });
  } finally {
    db.close();
  }
}

export function keep(entry: OutboxEntry): Promise<IDBValidKey> {
  return withStore('readwrite', (store) => store.put(entry));
}

export function drop(clientId: string): Promise<undefined> {
  return withStore('readwrite', (store) => store.delete(clientId));
}

export async function waiting(): Promise<OutboxEntry[]> {
  const all = await withStore<OutboxEntry[]>('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>);
  return all.sort((a, b) => a.writtenAt - b.writtenAt);
}

/** Runs the proof of work in a Web Worker; `progress` hears how many hashes were tried. */
function proofOfWork(request: PowRequest, progress: (tried: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<PowReply>) => {
      if (event.data.type === 'progress') return progress(event.data.tried);
      worker.terminate();
      resolve(event.data.nonce);
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message));
    };
    worker.postMessage(request);
  });
}

async function sendOne(entry: OutboxEntry, progress: (tried: number) => void): Promise<SendResult> {
  let nonce: string;
  let challenge: string;
  try {
    const asked = await fetchChallenge();
    challenge = asked.challenge;
    nonce = await proofOfWork({ challenge, difficulty: asked.difficulty }, progress);
  } catch {
    return { kind: 'later' };
  }
  const form = new FormData();
  for (const [name, value] of Object.entries(entry.fields)) form.append(name, value);
  form.append('clientId', entry.clientId);
  form.append('challenge', challenge);
  form.append('nonce', nonce);
  entry.photos.forEach((photo, index) => form.append('photo', photo, `anh-${index + 1}.jpg`));
  return postReport(form);
}

export interface Sent {
  entry: OutboxEntry;
  result: SendResult;
}

let running: Promise<Sent[]> | null = null;

/**
 * Sends every report still waiting, one after another. One run at a time in this page, and one
 * across the phone's tabs (Web Locks); a report answered (stored, a duplicate, refused) leaves the
 * queue, one without network stays for the next run.
 */
export function flush(progress: (tried: number) => void = () => undefined): Promise<Sent[]> {
  running ??= (async () => {
    try {
      if ('locks' in navigator) return await navigator.locks.request('ioc-citizen-outbox', () => sendAll(progress));
      return await sendAll(progress);
    } finally {
      running = null;
    }
  })();
  return running;
}

async function sendAll(progress: (tried: number) => void): Promise<Sent[]> {
  const sent: Sent[] = [];
  for (const entry of await waiting()) {
    if (entry.refused) continue;
    const result = await sendOne(entry, progress);
    sent.push({ entry, result });
    if (result.kind === 'later') break;
    if (result.kind === 'refused') await keep({ ...entry, refused: result.refusal.message });
    else await drop(entry.clientId);
  }
  return sent;
}
