import type { Scheme } from '../scheme/schema';

/**
 * Issue #15 points 1, 2, 3, 9: the scheme's reading of the rules where the source regulations
 * disagree, with DOMAIN's reading when a scheme does not say (schemes and bundles saved before
 * these fields existed score as they always did).
 */

export type HonourPeriod = 'month' | 'quarter' | 'year';
export type DutyNeglectRule = NonNullable<Scheme['dutyNeglect']>;

export const ALL_PERIODS: readonly HonourPeriod[] = ['month', 'quarter', 'year'];

/** DOMAIN §2, §5.7: one missed round is neglect, and it removes every honour. */
export function dutyNeglectRuleOf(scheme: Scheme): DutyNeglectRule {
  return (
    scheme.dutyNeglect ?? {
      removes: scheme.honours.tiers.map((t) => t.code),
      threshold: { kind: 'rounds_missed', atLeast: 1 },
    }
  );
}

/** The periods a disqualification code bars: the scheme's list, else all three. */
export function barredPeriodsOf(scheme: Scheme, code: string): readonly HonourPeriod[] {
  return scheme.disqualificationPeriods?.find((d) => d.code === code)?.periods ?? ALL_PERIODS;
}

export function honourBaseOf(scheme: Scheme): 'group' | 'all_windows' {
  return scheme.honourBase ?? 'group';
}

export function rankingOf(scheme: Scheme): 'windows' | 'staff' | 'both' {
  return scheme.ranking ?? 'windows';
}

export const ranksWindows = (scheme: Scheme) => rankingOf(scheme) !== 'staff';
export const ranksStaff = (scheme: Scheme) => rankingOf(scheme) !== 'windows';

/** A person's bonus cap (#15.9): the scheme's staffBonusCap, else the window's bonus.cap. */
export function staffBonusCapOf(scheme: Scheme): number {
  return scheme.staffBonusCap ?? scheme.bonus.cap;
}

/** The kind of a period from its months: 1 a month, 12 a year, otherwise a quarter (or other part of a year). */
export function periodKindOf(months: readonly unknown[]): HonourPeriod {
  return months.length === 1 ? 'month' : months.length >= 12 ? 'year' : 'quarter';
}
