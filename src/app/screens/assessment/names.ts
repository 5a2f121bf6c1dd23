import { useLiveQuery } from 'dexie-react-hooks';
import { hallClockText } from '../../../domain/hall-time';
import { DEFAULT_SCHEME } from '../../../domain/scheme/default-scheme';
import type { Scheme } from '../../../domain/scheme/schema';
import { db } from '../../db/instance';
import { useHallZone } from '../../stores/session';
import type { Language } from '../../stores/ui';

/** Names of a scheme's codes in the user's language (a code stays as it is when unknown). */
export interface Names {
  scheme: Scheme;
  item(code: string): string;
  category(code: string): string;
  bonus(code: string): string;
  honour(code: string | null): string;
  disqualification(code: string): string;
}

export function namesOf(scheme: Scheme, lang: Language): Names {
  const map = (list: readonly { code: string; name: { zh: string; en: string } }[]) =>
    new Map(list.map((x) => [x.code, x.name[lang]]));
  const items = map(scheme.items);
  const categories = map(scheme.categories);
  const bonuses = map(scheme.bonus.items);
  const honours = map(scheme.honours.tiers);
  const disq = map(scheme.disqualifications);
  return {
    scheme,
    item: (c) => items.get(c) ?? c,
    category: (c) => categories.get(c) ?? c,
    bonus: (c) => bonuses.get(c) ?? c,
    honour: (c) => (c ? (honours.get(c) ?? c) : ''),
    disqualification: (c) =>
      disq.get(c) ??
      (c === 'DUTY_NEGLECT' ? (lang === 'zh' ? '值班窗口未履行巡查职责' : 'duty window neglected patrols') : c),
  };
}

/** The scheme a result was computed under (by version), else the newest on the phone, else the default. */
export function useSchemeVersion(version: number | null | undefined): Scheme {
  const row = useLiveQuery(
    async () =>
      version
        ? ((await db.schemes.where('version').equals(version).first()) ?? (await db.schemes.orderBy('version').last()))
        : await db.schemes.orderBy('version').last(),
    [version],
  );
  return row?.scheme ?? DEFAULT_SCHEME;
}

/** A time on the hall's clock as "YYYY-MM-DD HH:mm" (the hall zone from the session profile). */
export function useHallClockText(): (instant: string | null | undefined) => string {
  const zone = useHallZone();
  return (instant) => hallClockText(instant, zone);
}
