// Bare (unquoted) literal forms: ISO 8601 datetimes and durations (rules.md §2.4), and the date
// arithmetic for `system.now -plus/-minus <duration>`. All regexes here are anchored and linear.

import type { Duration } from './ast.js';

const DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/** Normalises an ISO 8601 date or date-time to `YYYY-MM-DDTHH:MM:SS.sssZ`, or null if it is not one. */
export const parseIsoDateTime = (raw: string): string | null => {
  const m = DATETIME.exec(raw);
  if (!m) return null;
  const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac, tz] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || Number(hh) > 23 || Number(mi) > 59 || Number(ss) > 59) return null;
  // Day must exist in that month (Date.UTC would roll 2021-02-30 over into March).
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCDate() !== day) return null;
  let zone = 'Z';
  if (tz && tz !== 'Z' && tz !== 'z') zone = tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz;
  const ms = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '.000';
  const t = Date.parse(`${y}-${mo}-${d}T${hh}:${mi}:${ss}${ms}${zone}`);
  if (Number.isNaN(t)) return null;
  return new Date(t).toISOString();
};

const DURATION = /^[Pp](?:(\d{1,6})[Yy])?(?:(\d{1,6})[Mm])?(?:(\d{1,6})[Ww])?(?:(\d{1,6})[Dd])?(?:[Tt](?:(\d{1,6})[Hh])?(?:(\d{1,6})[Mm])?(?:(\d{1,6}(?:\.\d{1,6})?)[Ss])?)?$/;

/** Parses an ISO 8601 duration such as p1d, P30D, PT12H, P1Y2M (case-insensitive); null if invalid. */
export const parseIsoDuration = (raw: string): Duration | null => {
  const m = DURATION.exec(raw);
  if (!m) return null;
  const parts = m.slice(1);
  if (parts.every((p) => p === undefined)) return null;
  const hasT = /[Tt]/.test(raw);
  if (hasT && parts.slice(4).every((p) => p === undefined)) return null;
  const n = (i: number): number => (parts[i] === undefined ? 0 : Number(parts[i]));
  return { raw, years: n(0), months: n(1), weeks: n(2), days: n(3), hours: n(4), minutes: n(5), seconds: n(6) };
};

/**
 * `nowMs` shifted by `sign * duration`. Years and months move the calendar date in UTC and clamp to
 * the month's last day (a month after Jan 31 is Feb 28/29, like .NET's DateTime.AddMonths, which the
 * service presumably uses [UNDOCUMENTED]); weeks, days and time parts are exact.
 */
export const shiftMs = (nowMs: number, sign: 1 | -1, dur: Duration | null): number => {
  if (!dur) return nowMs;
  let t = nowMs;
  if (dur.years || dur.months) {
    const date = new Date(t);
    const totalMonths = date.getUTCFullYear() * 12 + date.getUTCMonth() + sign * (dur.years * 12 + dur.months);
    const year = Math.floor(totalMonths / 12);
    const month = totalMonths - year * 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const day = Math.min(date.getUTCDate(), lastDay);
    const timeOfDay = t - Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    t = Date.UTC(year, month, day) + timeOfDay;
  }
  const exact = ((dur.weeks * 7 + dur.days) * 24 * 3600 + dur.hours * 3600 + dur.minutes * 60 + dur.seconds) * 1000;
  return t + sign * exact;
};

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const isGuid = (s: string): boolean => GUID.test(s);

export const NUMBER = /^\d+(?:\.\d+)?$/;
