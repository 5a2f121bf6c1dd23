import { describe, expect, it } from 'vitest';
import { substituteRequirement } from '../../../src/domain/leave/chain';
import { DEFAULT_SUBSTITUTE_THRESHOLDS } from '../../../src/domain/leave/rules';
import { substituteReasonText } from '../../../src/app/features/leave/substitute-reason';

/** Every message the substitute rule writes (stored in English on the leave) reads back in either language. */
describe('the substitute reason on the leave detail', () => {
  const cases = [1, 2, 3, 4, 6].flatMap((staffCount) =>
    [0.5, 1, 2, 4].flatMap((days) =>
      [false, true].map((unattended) =>
        substituteRequirement({ staffCount, days, unattended }, DEFAULT_SUBSTITUTE_THRESHOLDS),
      ),
    ),
  );

  it('covers every code of the rule', () => {
    expect(new Set(cases.map((c) => c.code))).toEqual(
      new Set(['one_person', 'threshold', 'unattended', 'not_required']),
    );
  });

  it.each(cases.map((c) => [c.code, c.message.en, c] as const))(
    '%s: "%s" in Chinese has no English and keeps the numbers',
    (_code, en, req) => {
      const zh = substituteReasonText(en, 'zh');
      expect(zh).not.toBeNull();
      expect(zh).not.toMatch(/[A-Za-z]/);
      if (req.code === 'one_person' || req.code === 'threshold' || req.code === 'unattended')
        expect(zh).toBe(req.message.zh);
      expect(substituteReasonText(en, 'en')).not.toMatch(/[\u3400-\u9fff]/);
      // A leave filed on a Chinese phone may carry the Chinese message: it reads back too.
      if (req.code !== 'not_required')
        expect(substituteReasonText(req.message.zh, 'en')).toBe(substituteReasonText(en, 'en'));
    },
  );

  it('leaves out a sentence of an unknown shape instead of showing it in the wrong language', () => {
    expect(substituteReasonText('some future rule says so', 'zh')).toBeNull();
  });
});
