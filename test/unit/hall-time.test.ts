import { describe, expect, it } from 'vitest';
import {
  addMonths,
  DEFAULT_HALL_TIME_ZONE,
  TimeZoneSchema,
  hallDay,
  hallDayAndMinutes,
  hallDayBoundsUtc,
  hallDayStart,
  hallIso,
  hallMonth,
  hallOffsetMinutes,
  instantOfHallClock,
  isTimeZone,
  roundDay,
} from '../../src/domain';

const SH = DEFAULT_HALL_TIME_ZONE;

describe('the hall clock (Asia/Shanghai, UTC+8)', () => {
  it('the first of a month begins at 00:00 hall time, not at 00:00 UTC', () => {
    // 2026-12-01 00:00 in Shanghai is 2026-11-30 16:00 UTC.
    expect(hallMonth('2026-11-30T15:59:59Z', SH)).toBe('2026-11'); // 23:59:59 on the 30th
    expect(hallMonth('2026-11-30T16:00:00Z', SH)).toBe('2026-12'); // 00:00 on the 1st
    expect(hallMonth('2026-12-01T00:30:00+08:00', SH)).toBe('2026-12');
    expect(hallDay('2026-11-30T16:00:00Z', SH)).toBe('2026-12-01');
    expect(hallDay('2026-11-30T15:59:59.999Z', SH)).toBe('2026-11-30');
  });

  it('the last day of the month runs until 23:59 hall time, also over the year', () => {
    expect(hallMonth('2026-12-31T15:59:00Z', SH)).toBe('2026-12'); // 23:59 on the 31st
    expect(hallMonth('2026-12-31T16:00:00Z', SH)).toBe('2027-01'); // 00:00 on 1 January
    expect(hallDay(new Date('2027-01-31T15:59:59Z'), SH)).toBe('2027-01-31');
    expect(hallDay(Date.parse('2027-01-31T16:00:00Z'), SH)).toBe('2027-02-01');
  });

  it('another zone gives another calendar for the same instant', () => {
    expect(hallMonth('2026-11-30T16:00:00Z', 'UTC')).toBe('2026-11');
    expect(hallDay('2026-12-01T03:00:00Z', 'America/New_York')).toBe('2026-11-30');
  });

  it('day and minutes for the round slots', () => {
    expect(hallDayAndMinutes('2026-03-02T00:30:00Z', SH)).toEqual({ day: '2026-03-02', minutes: 8 * 60 + 30 });
    expect(hallDayAndMinutes('2026-03-01T16:00:00Z', SH)).toEqual({ day: '2026-03-02', minutes: 0 });
  });

  it('hallIso writes the same instant in hall time; its date part is the hall day', () => {
    const at = '2026-11-30T16:30:05Z';
    expect(hallIso(at, SH)).toBe('2026-12-01T00:30:05+08:00');
    expect(Date.parse(hallIso(at, SH))).toBe(Date.parse(at));
    expect(hallIso(at, 'UTC')).toBe('2026-11-30T16:30:05+00:00');
    expect(hallIso('2026-07-01T12:00:00Z', 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
    expect(hallOffsetMinutes(at, SH)).toBe(480);
    // A round's day is the date part of startedAt as the phone writes it (in hall time).
    expect(roundDay(hallIso(at, SH))).toBe(hallDay(at, SH));
  });

  it('a hall day begins at hall midnight; bounds are [start, next start)', () => {
    expect(hallDayStart('2026-12-01', SH).toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(hallDayBoundsUtc('2026-12-31', SH)).toEqual({
      from: '2026-12-30T16:00:00.000Z',
      to: '2026-12-31T16:00:00.000Z',
    });
    // Across a daylight-saving change (New York, 8 March 2026: 23 hours long).
    const ny = hallDayBoundsUtc('2026-03-08', 'America/New_York');
    expect(ny).toEqual({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });

  it('instantOfHallClock reads a wall-clock time of the hall', () => {
    expect(instantOfHallClock('2026-12-01T00:30', SH).toISOString()).toBe('2026-11-30T16:30:00.000Z');
    expect(instantOfHallClock('2026-12-01T00:30:15', 'UTC').toISOString()).toBe('2026-12-01T00:30:15.000Z');
    expect(Number.isNaN(instantOfHallClock('yesterday', SH).getTime())).toBe(true);
  });

  it('only known time zones are accepted; a bad instant is an error', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(TimeZoneSchema.safeParse('Asia/Urumqi').success).toBe(true);
    expect(TimeZoneSchema.safeParse('+08:00x').success).toBe(false);
    expect(() => hallDay('not a time', SH)).toThrow(RangeError);
  });
});

describe('calendar months', () => {
  it('adds and subtracts months across year ends', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-03', -15)).toBe('2024-12');
    expect(addMonths('2026-05', 0)).toBe('2026-05');
  });
});

describe('zones with one offset (no Intl on a phone start)', () => {
  /** The zone's offset as Intl names it ("GMT+08:00"), to check the fixed offsets against. */
  const formats = new Map<string, Intl.DateTimeFormat>();
  const intlOffsetMinutes = (ms: number, zone: string) => {
    if (!formats.has(zone))
      formats.set(zone, new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }));
    const name = formats
      .get(zone)!
      .formatToParts(ms)
      .find((p) => p.type === 'timeZoneName')!.value;
    const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
    if (!m) throw new Error(`unexpected offset name ${name}`);
    return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  };

  it('Shanghai and UTC agree with Intl at every sampled instant from 1992 to 2099', () => {
    const step = 37 * 3_600_000 + 11 * 60_000; // walks through every hour of the day and every month
    for (let ms = Date.UTC(1992, 0, 1); ms < Date.UTC(2100, 0, 1); ms += step) {
      expect(hallOffsetMinutes(ms, SH)).toBe(intlOffsetMinutes(ms, SH));
      expect(hallOffsetMinutes(ms, 'UTC')).toBe(0);
    }
  });

  it("before 1992 Shanghai's offset still comes from Intl (China's daylight saving of 1986-1991)", () => {
    const summer1988 = Date.UTC(1988, 6, 1, 4);
    expect(hallOffsetMinutes(summer1988, SH)).toBe(intlOffsetMinutes(summer1988, SH));
    expect(hallOffsetMinutes(summer1988, SH)).toBe(540);
  });
});
