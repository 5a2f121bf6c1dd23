import type { Scheme } from '../scheme/schema';
import { subtotalBonus, type BonusSubtotal } from './bonus';
import { subtotalDeductions, type CategorySubtotal } from './deductions';
import { prepareDeductions, type PreparedDeductions } from './prepare';
import type { BonusRecord, DeductionRecord, ScoreRecords } from './inputs';
import { compareNotCounted, type NotCounted } from './not-counted';
import { fromCenti, toCenti } from './points';
import { scoringRules, type ScoringRules } from './rules';

/** Who a score sheet is for: a window counts every record there; a staff member their own. */
export type Subject = 'window' | 'staff';

/** A score with its full explanation: score = base − deductions taken + bonus granted. */
export interface ScoreSheet {
  score: number;
  base: number;
  deductionsRecorded: number;
  deductionsTaken: number;
  bonusGranted: number;
  /** Scheme category order; every category is listed, also those with nothing recorded. */
  categories: CategorySubtotal[];
  bonus: BonusSubtotal;
  /** Records in scope that do not count, deductions first, then by record id. */
  notCounted: NotCounted[];
}

const SUBSTITUTE_SPARED =
  'made while standing in as a substitute: deducts the window only (scheme: substitutes.deductOwnScore = false)';

/**
 * Scores one subject from the records in its scope (the caller selects them: all records at
 * a window, or one person's records). No floor on the total: with 'no_floor' categories a
 * score may fall as low as the records take it.
 */
export function scoreSheet(
  rules: ScoringRules,
  subject: Subject,
  deductions: readonly DeductionRecord[],
  bonuses: readonly BonusRecord[],
): ScoreSheet {
  const prepared = prepareDeductions(rules, deductions);
  return scorePrepared(
    rules,
    subject,
    prepared,
    Array.from(prepared.records, (_, rank) => rank),
    bonuses,
  );
}

/** Scores the prepared records of the given ranks, which must be ascending (record id order). */
export function scorePrepared(
  rules: ScoringRules,
  subject: Subject,
  prepared: PreparedDeductions,
  ranks: readonly number[],
  bonuses: readonly BonusRecord[],
): ScoreSheet {
  const notCounted: NotCounted[] = [];
  const counted: number[] = [];
  const itemCount = new Int32Array(rules.scheme.items.length);
  const spareSubstitute = subject === 'staff' && !rules.substituteDeductsOwnScore;
  for (const r of ranks) {
    const not = prepared.notCounted[r];
    if (not) notCounted.push(not);
    else if (spareSubstitute && prepared.records[r]!.substituteFor)
      notCounted.push({
        recordId: prepared.records[r]!.id,
        kind: 'deduction',
        reason: 'substitute_not_own_score',
        note: SUBSTITUTE_SPARED,
      });
    else {
      counted.push(r);
      itemCount[prepared.item[r]!]!++;
    }
  }

  const notCountedBonuses: NotCounted[] = [];
  const valid: BonusRecord[] = [];
  for (const record of bonuses) {
    if (record.status === 'withdrawn') {
      notCountedBonuses.push({
        recordId: record.id,
        kind: 'bonus',
        reason: 'withdrawn',
        note: 'withdrawn, not counted',
      });
      continue;
    }
    const rule = rules.bonusItems.get(record.bonusCode);
    if (!rule) {
      notCountedBonuses.push({
        recordId: record.id,
        kind: 'bonus',
        reason: 'unknown_bonus',
        note: `bonus ${record.bonusCode} is not in scheme v${rules.scheme.version}`,
      });
      continue;
    }
    const points = toCenti(record.points);
    if (points < rule.min || points > rule.max) {
      notCountedBonuses.push({
        recordId: record.id,
        kind: 'bonus',
        reason: 'points_out_of_range',
        note: `${record.points} points is outside ${record.bonusCode}'s range ${rule.item.minPoints}–${rule.item.maxPoints}`,
      });
      continue;
    }
    valid.push(record);
  }

  const deductionTotals = subtotalDeductions(rules, prepared, counted, itemCount);
  const bonusTotals = subtotalBonus(
    valid,
    subject === 'staff' ? rules.staffBonusCap : rules.bonusCap,
    subject === 'staff' && rules.scheme.staffBonusCap !== undefined
      ? "a person's bonus cap (scheme: staffBonusCap)"
      : undefined,
  );
  // Deductions arrive in id order; bonuses are few.
  notCountedBonuses.sort(compareNotCounted);
  for (const b of notCountedBonuses) notCounted.push(b);
  return {
    score: fromCenti(rules.base - deductionTotals.taken + bonusTotals.granted),
    base: fromCenti(rules.base),
    deductionsRecorded: fromCenti(deductionTotals.recorded),
    deductionsTaken: fromCenti(deductionTotals.taken),
    bonusGranted: fromCenti(bonusTotals.granted),
    categories: deductionTotals.categories,
    bonus: bonusTotals.subtotal,
    notCounted,
  };
}

/** A window's score: every record at the window, including a substitute's (DOMAIN §4, §7). */
export function scoreWindow(scheme: Scheme, windowId: string, records: ScoreRecords): ScoreSheet {
  return scoreSheet(
    scoringRules(scheme),
    'window',
    records.deductions.filter((r) => r.windowId === windowId),
    records.bonuses.filter((r) => r.windowId === windowId),
  );
}

/**
 * A staff member's score: the records naming that person, at any window. A record made
 * while the person stood in as a substitute counts unless the scheme turns that off.
 */
export function scoreStaff(scheme: Scheme, staffId: string, records: ScoreRecords): ScoreSheet {
  return scoreSheet(
    scoringRules(scheme),
    'staff',
    records.deductions.filter((r) => r.staffId === staffId),
    records.bonuses.filter((r) => r.staffId === staffId),
  );
}
