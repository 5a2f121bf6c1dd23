/**
 * A leave length in days, in half-day steps, as words (issue #15 variant 6): 0.5 → 半天 / half a
 * day, 1 → 1天 / 1 day(s), 1.5 → 1天半 / 1.5 day(s). 004 §12 requires a one-person window's
 * substitute only when "岗位责任人A不在岗超过半天以上的": the threshold 0.5 reads "超过半天".
 * Whole days keep the wording stored leave already has (substitute-reason.ts reads it back).
 */
export function daysText(days: number): { zh: string; en: string } {
  if (days === 0.5) return { zh: '半天', en: 'half a day' };
  const whole = Math.floor(days);
  return { zh: days > whole ? `${whole}天半` : `${whole}天`, en: `${days} day(s)` };
}

/** The days daysText wrote ("半天", "1天半", "2天", "half a day", "1.5 day(s)"); NaN otherwise. */
export function parseDaysText(text: string): number {
  if (text === '半天' || text === 'half a day') return 0.5;
  const zh = /^(\d+)天(半)?$/.exec(text);
  if (zh) return Number(zh[1]) + (zh[2] ? 0.5 : 0);
  const en = /^(\d+(?:\.5)?) day(?:\(s\))?$/.exec(text);
  return en ? Number(en[1]) : Number.NaN;
}
