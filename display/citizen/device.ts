/**
 * What the phone keeps about itself in localStorage: a random device id (the server's per-device
 * limit; never shown publicly) and the reports it has sent, listed on `/phan-anh`.
 */
const DEVICE_KEY = 'ioc-citizen-device';
const REPORTS_KEY = 'ioc-citizen-reports';
const KEPT_REPORTS = 50;

export function randomId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Pages served over plain http on a LAN have no randomUUID: a v4 UUID by hand.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function deviceId(storage: Storage = localStorage): string {
  let id = storage.getItem(DEVICE_KEY);
  if (!id) {
    id = randomId();
    storage.setItem(DEVICE_KEY, id);
  }
  return id;
}

export interface MyReport {
  code: string;
  url: string;
  reportId: string;
  /** The category's name when it was sent, in both languages. */
  category: { vi: string; en: string };
  sentAt: number;
}

export function myReports(storage: Storage = localStorage): MyReport[] {
  try {
    const parsed = JSON.parse(storage.getItem(REPORTS_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as MyReport[]).filter((entry) => typeof entry?.code === 'string') : [];
  } catch {
    return [];
  }
}

/** Newest first, once per code (a report sent again after a lost answer is the same report). */
export function rememberReport(report: MyReport, storage: Storage = localStorage): MyReport[] {
  const list = [report, ...myReports(storage).filter((entry) => entry.code !== report.code)].slice(0, KEPT_REPORTS);
  storage.setItem(REPORTS_KEY, JSON.stringify(list));
  return list;
}
