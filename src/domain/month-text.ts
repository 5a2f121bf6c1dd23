/** The English month abbreviations, January first. */
export const MONTHS_EN: readonly string[] = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * A hall month ("2026-12") as people read it: zh "2026年12月", en "Dec 2026" (the screens; the
 * printed bulletin spells English months out). Anything that is not such a month is returned as it is.
 */
export function monthText(month: string, lang: 'zh' | 'en'): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  const index = m ? Number(m[2]) - 1 : -1;
  if (!m || index < 0 || index > 11) return month;
  return lang === 'zh' ? `${m[1]}年${index + 1}月` : `${MONTHS_EN[index]} ${m[1]}`;
}
