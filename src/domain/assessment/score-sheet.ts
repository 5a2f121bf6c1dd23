import type { Scheme } from '../scheme/schema';
import { subtotalBonus, type BonusSubtotal } from './bonus';
import { subtotalDeductions, type CategorySubtotal } from './deductions';
import type { BonusRecord, DeductionRecord, ScoreRecords } from './inputs';
import { compareNotCounted, type NotCounted } from './not-counted';
import { fromCenti, toCenti } from './points';
import { scoringRules, type ItemRule, type ScoringRules } from './rules';

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

/**
 * Scores one subject from the records in its scope (the caller selects them: all records at
 * a window, or one person's records). No floor on the total: with 'no_floor' categories a
 * score may fall as low as the records take it.
 */
export function scoreSheet(rules: ScoringRules, subject: Subject, deductions: readonly DeductionRecord[], bonuses: readonly BonusRecord[]): ScoreSheet {
  const notCounted: NotCounted[] = [];
  const counted: { record: DeductionRecord; rule: ItemRule }[] = [];
  for (const record of deductions) {
    if (record.status !== 'active') {
      notCounted.push({
        recordId: record.id,
        kind: 'deduction',
        reason: record.status,
        note: record.status === 'overturned' ? 'dispute upheld for the window: overturned, not counted' : 'withdrawn, not counted',
      });
      continue;
    }
    const rule = rules.items.get(record.itemCode);
    if (!rule) {
      notCounted.push({ recordId: record.id, kind: 'deduction', reason: 'unknown_item', note: `item ${record.itemCode} is not in scheme v${rules.scheme.version}` });
      continue;
    }
    if (subject === 'staff' && record.substituteFor && !rules.substituteDeductsOwnScore) {
      notCounted.push({
        recordId: record.id,
        kind: 'deduction',
        reason: 'substitute_not_own_score',
        note: 'made while standing in as a substitute: deducts the window only (scheme: substitutes.deductOwnScore = false)',
      });
      continue;
    }
    counted.push({ record, rule });
  }

  const valid: BonusRecord[] = [];
  for (const record of bonuses) {
    if (record.status === 'withdrawn') {
      notCounted.push({ recordId: record.id, kind: 'bonus', reason: 'withdrawn', note: 'withdrawn, not counted' });
      continue;
    }
    const rule = rules.bonusItems.get(record.bonusCode);
    if (!rule) {
      notCounted.push({ recordId: record.id, kind: 'bonus', reason: 'unknown_bonus', note: `bonus ${record.bonusCode} is not in scheme v${rules.scheme.version}` });
      continue;
    }
    const points = toCenti(record.points);
    if (points < rule.min || points > rule.max) {
      notCounted.push({
        recordId: record.id,
        kind: 'bonus',
        reason: 'points_out_of_range',
        note: `${record.points} points is outside ${record.bonusCode}'s range ${rule.item.minPoints}–${rule.item.maxPoints}`,
      });
      continue;
    }
    valid.push(record);
  }

  const deductionTotals = subtotalDeductions(rules, counted);
  const bonusTotals = subtotalBonus(valid, rules.bonusCap);
  notCounted.sort(compareNotCounted);
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
