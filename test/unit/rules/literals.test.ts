import { describe, expect, it } from 'vitest';
import { parseIsoDateTime, parseIsoDuration, shiftMs } from '../../../src/core/rules/literals.js';

describe('parseIsoDateTime', () => {
  it.each([
    ['2020-06-10T18:13:20Z', '2020-06-10T18:13:20.000Z'],
    ['2020-06-10', '2020-06-10T00:00:00.000Z'],
    ['2020-06-10T18:13', '2020-06-10T18:13:00.000Z'],
    ['2020-06-10T18:13:20.5Z', '2020-06-10T18:13:20.500Z'],
    ['2020-06-10T18:13:20.1234567Z', '2020-06-10T18:13:20.123Z'],
    ['2020-06-10T18:13:20+02:00', '2020-06-10T16:13:20.000Z'],
    ['2020-06-10T18:13:20-0130', '2020-06-10T19:43:20.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s -> %s', (raw, iso) => expect(parseIsoDateTime(raw)).toBe(iso));

  it.each(['2020-13-01', '2021-02-29', '2020-06-31', '2020-06-10T24:00:00Z', '2020-6-1', '20200610', 'x', '2020-06-10T18:13:20Zjunk'])(
    'rejects %s',
    (raw) => expect(parseIsoDateTime(raw)).toBeNull(),
  );
});

describe('parseIsoDuration', () => {
  it('reads days in either case', () => {
    expect(parseIsoDuration('p1d')).toMatchObject({ days: 1, years: 0 });
    expect(parseIsoDuration('P30D')).toMatchObject({ days: 30 });
  });
  it('reads all parts', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7S')).toMatchObject({ years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 });
  });
  it.each(['P', 'PT', '1D', 'P1H', 'P1DT', 'PD', 'P-1D', 'P1.5D'])('rejects %s', (raw) => expect(parseIsoDuration(raw)).toBeNull());
});

describe('shiftMs', () => {
  const at = (iso: string) => Date.parse(iso);
  it('adds days exactly', () => {
    expect(new Date(shiftMs(at('2026-03-15T12:00:00Z'), 1, parseIsoDuration('P1D'))).toISOString()).toBe('2026-03-16T12:00:00.000Z');
  });
  it('subtracts hours', () => {
    expect(new Date(shiftMs(at('2026-03-15T12:00:00Z'), -1, parseIsoDuration('PT13H'))).toISOString()).toBe('2026-03-14T23:00:00.000Z');
  });
  it('clamps month arithmetic to the end of the month', () => {
    expect(new Date(shiftMs(at('2026-01-31T08:00:00Z'), 1, parseIsoDuration('P1M'))).toISOString()).toBe('2026-02-28T08:00:00.000Z');
    expect(new Date(shiftMs(at('2026-03-31T08:00:00Z'), -1, parseIsoDuration('P1Y1M'))).toISOString()).toBe('2025-02-28T08:00:00.000Z');
  });
  it('no duration is now', () => expect(shiftMs(5, 1, null)).toBe(5));
});
