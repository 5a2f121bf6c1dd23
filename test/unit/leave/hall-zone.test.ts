import { describe, expect, it } from 'vitest';
import {
  expectedInputsFrom,
  halfDayEnd,
  halfDayOfInstant,
  halfDayStart,
  leaveConsequences,
  outingTally,
  overdueReturns,
  type LeaveRequest,
  type Outing,
} from '../../../src/domain';
import { bulletin } from '../../../src/domain/assessment/bulletin';
import { hallClockText } from '../../../src/domain/hall-time';
import { A, hd, request, rules, uid, W2 } from './fixtures';

/**
 * Leave's half days follow the hall's time zone (HALL_TIME_ZONE), not a fixed UTC+8: a hall in
 * Urumqi (UTC+6) or Berlin (CET/CEST, with daylight saving) starts its mornings and afternoons on
 * its own clock. Shanghai gives what it always gave.
 */
const SHANGHAI = 'Asia/Shanghai';
const URUMQI = 'Asia/Urumqi';
const BERLIN = 'Europe/Berlin';

describe('half days in the hall zone', () => {
  it('Shanghai: the instants are those of UTC+8, as before', () => {
    expect(halfDayStart(hd('2026-03-02', 'am'), SHANGHAI)).toBe('2026-03-02T00:00:00+08:00');
    expect(halfDayStart(hd('2026-03-02', 'pm'), SHANGHAI)).toBe('2026-03-02T12:00:00+08:00');
    expect(halfDayEnd(hd('2026-03-02', 'pm'), SHANGHAI)).toBe('2026-03-03T00:00:00+08:00');
    expect(halfDayOfInstant('2026-03-02T17:00:00Z', SHANGHAI)).toEqual(hd('2026-03-03', 'am'));
    expect(halfDayOfInstant('2026-03-02T03:59:59Z', SHANGHAI)).toEqual(hd('2026-03-02', 'am'));
    expect(halfDayOfInstant('2026-03-02T04:00:00Z', SHANGHAI)).toEqual(hd('2026-03-02', 'pm'));
  });

  it('Urumqi (UTC+6): an instant late in the evening is still that day’s afternoon', () => {
    expect(halfDayStart(hd('2026-03-02', 'pm'), URUMQI)).toBe('2026-03-02T12:00:00+06:00');
    expect(halfDayEnd(hd('2026-03-02', 'pm'), URUMQI)).toBe('2026-03-03T00:00:00+06:00');
    expect(halfDayOfInstant('2026-03-02T17:00:00Z', URUMQI)).toEqual(hd('2026-03-02', 'pm'));
    expect(halfDayOfInstant('2026-03-02T05:59:00Z', URUMQI)).toEqual(hd('2026-03-02', 'am'));
  });

  it('Berlin: the half days follow daylight saving (29 March 2026, 02:00 → 03:00)', () => {
    expect(halfDayStart(hd('2026-03-29', 'am'), BERLIN)).toBe('2026-03-29T00:00:00+01:00');
    expect(halfDayStart(hd('2026-03-29', 'pm'), BERLIN)).toBe('2026-03-29T12:00:00+02:00');
    expect(halfDayEnd(hd('2026-03-28', 'pm'), BERLIN)).toBe('2026-03-29T00:00:00+01:00');
    // 10:30 UTC is 12:30 in summer time (afternoon), though 11:30 in winter time would be morning.
    expect(halfDayOfInstant('2026-03-29T10:30:00Z', BERLIN)).toEqual(hd('2026-03-29', 'pm'));
    expect(halfDayOfInstant('2026-03-28T10:30:00Z', BERLIN)).toEqual(hd('2026-03-28', 'am'));
    // The autumn change (25 October 2026, 03:00 → 02:00): the afternoon starts at 12:00 winter time.
    expect(halfDayStart(hd('2026-10-25', 'pm'), BERLIN)).toBe('2026-10-25T12:00:00+01:00');
  });

  it('the patrol excuses a leave in the hall’s own day', () => {
    const leave: LeaveRequest = {
      ...request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }),
      status: 'approved',
    };
    const [inBerlin] = expectedInputsFrom([leave], [], [], BERLIN).leaves;
    expect([Date.parse(inBerlin!.from), Date.parse(inBerlin!.to)]).toEqual([
      Date.parse('2026-03-01T23:00:00Z'),
      Date.parse('2026-03-02T23:00:00Z'),
    ]);
    const [inShanghai] = expectedInputsFrom([leave], [], [], SHANGHAI).leaves;
    expect([inShanghai!.from, inShanghai!.to]).toEqual(['2026-03-02T00:00:00+08:00', '2026-03-03T00:00:00+08:00']);
    // An open outing excuses to the end of its hall day.
    const open: Outing = {
      id: uid(4000),
      staffId: A,
      windowId: W2,
      purpose: null,
      startedAt: '2026-03-02T17:00:00Z',
      expectedReturnAt: null,
      returnedAt: null,
      registeredBy: uid(201),
      registeredByName: '甲',
      redacted: false,
    };
    expect(expectedInputsFrom([], [open], [], URUMQI).outings[0]!.to).toBe('2026-03-03T00:00:00+06:00');
    expect(expectedInputsFrom([], [open], [], SHANGHAI).outings[0]!.to).toBe('2026-03-04T00:00:00+08:00');
  });

  it('a leave ending today is overdue only when the hall’s day has passed', () => {
    const l: LeaveRequest = {
      ...request({ from: hd('2026-03-02', 'am'), to: hd('2026-03-02', 'pm') }),
      status: 'approved',
    };
    const now = '2026-03-02T17:00:00Z';
    expect(overdueReturns([l], now, URUMQI)).toEqual([]);
    expect(overdueReturns([l], now, SHANGHAI).map((x) => x.id)).toEqual([l.id]);
  });

  it('an outing counts in the hall month it started, and so do its consequences', () => {
    const outings: Outing[] = Array.from({ length: 11 }, (_, i) => ({
      id: uid(4100 + i),
      staffId: A,
      windowId: W2,
      purpose: null,
      // The last one leaves at 23:00 on 31 March in Urumqi, already 1 April in Shanghai.
      startedAt: i < 10 ? `2026-03-${String(i + 2).padStart(2, '0')}T03:00:00Z` : '2026-03-31T17:00:00Z',
      expectedReturnAt: null,
      returnedAt: i < 10 ? `2026-03-${String(i + 2).padStart(2, '0')}T03:30:00Z` : '2026-03-31T17:30:00Z',
      registeredBy: uid(201),
      registeredByName: '甲',
      redacted: false,
    }));
    expect(outingTally(outings, A, '2026-03', rules.outings, URUMQI).short).toHaveLength(11);
    expect(outingTally(outings, A, '2026-03', rules.outings, SHANGHAI).short).toHaveLength(10);
    const overLimit = (zone: string) =>
      leaveConsequences({ month: '2026-03', leaves: [], substitutes: [], outings, rules, zone }).filter(
        (c) => c.reason === 'outing_over_limit',
      );
    expect(overLimit(URUMQI)).toHaveLength(1);
    expect(overLimit(SHANGHAI)).toEqual([]);
  });
});

describe('times on the hall clock', () => {
  it('reads an instant in the hall zone to the minute', () => {
    expect(hallClockText('2026-03-31T17:05:00Z', SHANGHAI)).toBe('2026-04-01 01:05');
    expect(hallClockText('2026-03-31T17:05:00Z', URUMQI)).toBe('2026-03-31 23:05');
    expect(hallClockText('2026-07-01T10:00:00Z', BERLIN)).toBe('2026-07-01 12:00');
    expect(hallClockText(null, SHANGHAI)).toBe('');
    expect(hallClockText('not a time', SHANGHAI)).toBe('not a time');
  });

  it('the bulletin states its times on the hall clock', () => {
    const result = { schemeVersion: 1, groups: {}, windows: [], staff: [] } as unknown as Parameters<
      typeof bulletin
    >[0]['result'];
    const source = {
      month: '2026-03',
      kind: 'published' as const,
      result,
      dataAsOf: '2026-03-31T17:05:00Z',
      version: 1,
      publishedAt: '2026-04-02T01:00:00Z',
    };
    expect(bulletin(source, null, SHANGHAI).lines[1]).toContain('数据截至 2026-04-01 01:05');
    expect(bulletin(source, null, URUMQI).lines[1]).toContain('数据截至 2026-03-31 23:05');
  });
});
