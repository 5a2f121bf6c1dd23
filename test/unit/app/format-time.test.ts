import { describe, expect, it } from 'vitest';
import { formatMonth, formatTime } from '../../../src/app/i18n';

describe('formatTime', () => {
  it('one unambiguous date per language, in the phone time', () => {
    const at = new Date(2026, 2, 4, 9, 5).getTime(); // 4 March, 09:05 on this machine's clock
    expect(formatTime(at, 'zh')).toBe('3月4日 09:05');
    expect(formatTime(at, 'en')).toBe('4 Mar, 09:05');
    expect(formatTime(new Date(2026, 11, 31, 23, 59).toISOString(), 'en')).toBe('31 Dec, 23:59');
  });

  it('reads in Chinese as Intl would write it', () => {
    const zh = new Intl.DateTimeFormat('zh-CN', { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 29 * 3_600_000 + 7 * 60_000)
      expect(formatTime(ms, 'zh')).toBe(zh.format(ms));
  });

  it('nothing for no time, the text itself for what is not a time', () => {
    expect(formatTime(null, 'zh')).toBe('');
    expect(formatTime(undefined, 'en')).toBe('');
    expect(formatTime('soon', 'en')).toBe('soon');
  });
});

describe('formatMonth', () => {
  it('a hall month as people read it in each language', () => {
    expect(formatMonth('2026-12', 'zh')).toBe('2026年12月');
    expect(formatMonth('2026-01', 'zh')).toBe('2026年1月');
    expect(formatMonth('2026-12', 'en')).toBe('Dec 2026');
    expect(formatMonth('2027-01', 'en')).toBe('Jan 2027');
  });

  it('reads in Chinese as Intl would write it, every month', () => {
    const zh = new Intl.DateTimeFormat('zh-CN', { year: 'numeric', month: 'long', timeZone: 'UTC' });
    for (let month = 0; month < 12; month++)
      expect(formatMonth(`2026-${String(month + 1).padStart(2, '0')}`, 'zh')).toBe(
        zh.format(Date.UTC(2026, month, 15)),
      );
  });

  it('anything that is not a month is shown as it is', () => {
    for (const text of ['2026-13', '2026-00', '2026-1', '2026', '', 'soon']) {
      expect(formatMonth(text, 'zh')).toBe(text);
      expect(formatMonth(text, 'en')).toBe(text);
    }
  });
});
