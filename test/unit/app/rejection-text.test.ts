import { describe, expect, it } from 'vitest';
import { rejectionText } from '../../../src/app/rejection-text';
import { RejectionCodeSchema } from '../../../src/domain';

describe('a refusal as the phone shows it', () => {
  it('says what the code means in the user’s language and keeps the server’s words as the detail', () => {
    const reason = 'window 33333333-3333-4333-8333-333333333331 not found';
    expect(rejectionText('not_found', reason, 'zh')).toEqual({
      summary: expect.stringContaining('服务器上没有所指的窗口'),
      detail: reason,
    });
    expect(rejectionText('not_found', reason, 'en')).toEqual({
      summary: expect.stringContaining('is not on the server'),
      detail: reason,
    });
    expect(rejectionText('closed', 'month 2026-11 is closed for recording / 2026-11 已截止录入', 'zh').summary).toBe(
      '该月已截止录入',
    );
    expect(rejectionText('conflict', 'step 3 was already approved by 钱国栋', 'zh').summary).toContain('冲突');
  });

  it('an unknown code or a missing reason still says the server refused it, never nothing', () => {
    expect(rejectionText('quota', undefined, 'zh')).toEqual({ summary: '服务器拒绝了这项更改', detail: null });
    expect(rejectionText(undefined, '  ', 'en')).toEqual({ summary: 'The server refused this change', detail: null });
    expect(rejectionText('invalid', 'invalid', 'en')).toEqual({ summary: 'The change is not valid', detail: null });
  });

  it('every code the server sends has its own words in both languages (a record dated ahead: check the clock)', () => {
    for (const code of RejectionCodeSchema.options) {
      for (const lang of ['zh', 'en'] as const)
        expect(rejectionText(code, undefined, lang).summary, `${code} ${lang}`).not.toBe(
          rejectionText('quota', undefined, lang).summary,
        );
    }
    expect(rejectionText('in_future', "observedAt … is later than the server's time", 'zh').summary).toBe(
      '记录时间晚于服务器当前时间，请检查手机时钟',
    );
  });
});
