import type { Language } from '../../stores/ui';

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
        ? `${r.people}人窗口请假超过${r.days}天需安排替岗`
        : r.code === 'unattended'
          ? '窗口其他人员同时不在岗，窗口将无人值守，需安排替岗'
          : r.code === 'not_required'
            ? `${r.people}人窗口，超过${r.days}天才需替岗`
            : '无需替岗',
  en: (r) =>
    r.code === 'one_person'
      ? `a ${r.people}-person window needs a substitute for any absence`
      : r.code === 'threshold'
        ? `a ${r.people}-person window needs a substitute for leave over ${r.days} day(s)`
        : r.code === 'unattended'
          ? 'nobody else of the window would be there: a substitute is needed'
          : r.code === 'not_required'
            ? `a ${r.people}-person window needs one over ${r.days} day(s)`
            : 'no substitute needed',
};

export function parseSubstituteReason(text: string): Reason | null {
  let m =
    /^a (\d+)-person window needs a substitute for any absence$/.exec(text) ??
    /^(\d+)人窗口，离岗即需安排替岗$/.exec(text);
  if (m) return { code: 'one_person', people: Number(m[1]) };
  m =
    /^a (\d+)-person window needs a substitute for leave over (\d+) day/.exec(text) ??
    /^(\d+)人窗口请假超过(\d+)天需安排替岗$/.exec(text);
  if (m) return { code: 'threshold', people: Number(m[1]), days: Number(m[2]) };
  if (/^nobody else of the window|无人值守/.test(text)) return { code: 'unattended' };
  m = /a (\d+)-person window needs one over (\d+) day/.exec(text) ?? /(\d+)人窗口，超过(\d+)天才需替岗/.exec(text);
  if (m) return { code: 'not_required', people: Number(m[1]), days: Number(m[2]) };
  if (/^no substitute needed$|^无需替岗$/.test(text)) return { code: 'none' };
  return null;
}

/** The reason in `lang`; a text of another shape (an older rule) is left out rather than shown in the wrong language. */
export function substituteReasonText(text: string, lang: Language): string | null {
  const reason = parseSubstituteReason(text);
  return reason ? WORDS[lang](reason) : null;
}
