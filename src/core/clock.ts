// Time and ids are injected so that golden output is byte-stable (TENANTCTL_NOW, TENANTCTL_ID_SEED).

export interface Clock {
  /** Current instant as an ISO 8601 UTC string with milliseconds: 2026-01-02T03:04:05.000Z */
  nowIso(): string;
  nowMs(): number;
}

export const fixedClock = (iso: string): Clock => {
  const ms = Date.parse(iso);
  const normalised = new Date(ms).toISOString();
  return { nowIso: () => normalised, nowMs: () => ms };
};

export const addMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();

export interface IdGenerator {
  /** A new object id (a lowercase GUID). */
  newId(): string;
}
