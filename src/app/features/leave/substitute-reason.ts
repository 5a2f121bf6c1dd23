import type { Language } from '../../stores/ui';
import { daysText, parseDaysText } from '../../../domain/leave/half-day-threshold';

/**
 * Why a leave needs (or does not need) a substitute, in the user's language. The stored leave
 * keeps the rule's message as text (src/domain/leave/chain.ts, substituteRequirement); it is read
 * back into the rule's code and numbers here and worded from this dictionary, so a Chinese
 * screen never shows the English sentence.
 */
type Reason =
  | { code: 'one_person'; people: number }
  | { code: 'threshold'; people: number; days: number }
  | { code: 'unattended' }
  | { code: 'not_required'; people: number; days: number }
  | { code: 'none' };

const WORDS: Record<Language, (r: Reason) => string> = {
  zh: (r) =>
    r.code === 'one_person'
      ? `${r.people}人窗口，离岗即需安排替岗`
      : r.code === 'threshold'
        ? `${r.people}人窗口请假超过${daysText(r.days).zh}需安排替岗`
        : r.code === 'unattended'
          ? '窗口其他人员同时不在岗，窗口将无人值守，需安排替岗'
          : r.code === 'not_required'
            ? `${r.people}人窗口，超过${daysText(r.days).zh}才需替岗`
            : '无需替岗',
  en: (r) =>
    r.code === 'one_person'
      ? `a ${r.people}-person window needs a substitute for any absence`
      : r.code === 'threshold'
        ? `a ${r.people}-person window needs a substitute for leave over ${daysText(r.days).en}`
        : r.code === 'unattended'
          ? 'nobody else of the window would be there: a substitute is needed'
          : r.code === 'not_required'
            ? `a ${r.people}-person window needs one over ${daysText(r.days).en}`
            : 'no substitute needed',
};

export function parseSubstituteReason(text: string): Reason | null {
  let m =
    /^a (\d+)-person window needs a substitute for any absence$/.exec(text) ??
    /^(\d+)人窗口，离岗即需安排替岗$/.exec(text);
  if (m) return { code: 'one_person', people: Number(m[1]) };
  // Days in half-day steps (#15): "2 day(s)", "half a day", "2天", "半天", "1天半".
  m =
    /^a (\d+)-person window needs a substitute for leave over (half a day|[\d.]+ day\(s\))/.exec(text) ??
    /^(\d+)人窗口请假超过(半天|\d+天半?)需安排替岗$/.exec(text);
  if (m) return { code: 'threshold', people: Number(m[1]), days: parseDaysText(m[2]!) };
  if (/^nobody else of the window|无人值守/.test(text)) return { code: 'unattended' };
  m =
    /a (\d+)-person window needs one over (half a day|[\d.]+ day\(s\))/.exec(text) ??
    /(\d+)人窗口，超过(半天|\d+天半?)才需替岗/.exec(text);
  if (m) return { code: 'not_required', people: Number(m[1]), days: parseDaysText(m[2]!) };
  if (/^no substitute needed$|^无需替岗$/.test(text)) return { code: 'none' };
  return null;
}

/** The reason in `lang`; a text of another shape (an older rule) is left out rather than shown in the wrong language. */
export function substituteReasonText(text: string, lang: Language): string | null {
  const reason = parseSubstituteReason(text);
  return reason ? WORDS[lang](reason) : null;
}
