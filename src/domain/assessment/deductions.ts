import type { DeductionRecord } from './inputs';
import { compareText } from './order';
import { fromCenti, type Centi } from './points';
import type { ItemRule, ScoringRules } from './rules';

/** One counted record's contribution: points × quantity. */
export interface RecordContribution {
  recordId: string;
  itemCode: string;
  points: number;
  quantity: number;
  unit: string;
  amount: number;
  source: string;
  staffId: string | null;
  substituteFor: string | null;
}

/** A category's deductions: what was recorded, what was taken, what the cap cut and why. */
export interface CategorySubtotal {
  code: string;
  policy: 'capped' | 'no_floor';
  weight: number;
  recorded: number;
  taken: number;
  cut: number;
  note: string | null;
  /** Scheme item order, then record id. */
  records: RecordContribution[];
}

export interface DeductionSubtotals {
  categories: CategorySubtotal[];
  recorded: Centi;
  taken: Centi;
}

interface Counted {
  record: DeductionRecord;
  rule: ItemRule;
  amount: Centi;
}

/**
 * DOMAIN §4: deductions per category. A 'capped' category takes at most its weight
 * (扣完为止); a 'no_floor' category (不设底线) takes everything recorded.
 * `counted` are the subject's records that count (active, known item).
 */
export function subtotalDeductions(rules: ScoringRules, counted: readonly { record: DeductionRecord; rule: ItemRule }[]): DeductionSubtotals {
  const byCategory: Counted[][] = rules.categories.map(() => []);
  for (const { record, rule } of counted) {
    byCategory[rule.categoryIndex]!.push({ record, rule, amount: rule.points * record.quantity });
  }
  let recordedTotal = 0;
  let takenTotal = 0;
  const categories = rules.categories.map(({ category, weight }, i): CategorySubtotal => {
    const rows = byCategory[i]!;
    rows.sort((a, b) => a.rule.index - b.rule.index || compareText(a.record.id, b.record.id));
    let recorded = 0;
    for (const row of rows) recorded += row.amount;
    const taken = category.policy === 'capped' ? Math.min(recorded, weight) : recorded;
    const cut = recorded - taken;
    recordedTotal += recorded;
    takenTotal += taken;
    return {
      code: category.code,
      policy: category.policy,
      weight: fromCenti(weight),
      recorded: fromCenti(recorded),
      taken: fromCenti(taken),
      cut: fromCenti(cut),
      note:
        cut > 0
          ? `${fromCenti(recorded)} recorded exceeds the weight ${fromCenti(weight)}: capped (扣完为止), ${fromCenti(cut)} not taken`
          : category.policy === 'no_floor' && recorded > weight
            ? `${fromCenti(recorded)} recorded exceeds the weight ${fromCenti(weight)}: no floor (不设底线), all taken`
            : null,
      records: rows.map(({ record, rule, amount }) => ({
        recordId: record.id,
        itemCode: record.itemCode,
        points: fromCenti(rule.points),
        quantity: record.quantity,
        unit: rule.item.unit,
        amount: fromCenti(amount),
        source: record.source,
        staffId: record.staffId,
        substituteFor: record.substituteFor ?? null,
      })),
    };
  });
  return { categories, recorded: recordedTotal, taken: takenTotal };
}
