import { fromCenti, type Centi } from './points';
import type { PreparedDeductions } from './prepare';
import type { ScoringRules } from './rules';

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

/**
 * DOMAIN §4: deductions per category. A 'capped' category takes at most its weight
 * (扣完为止); a 'no_floor' category (不设底线) takes everything recorded.
 * `counted` are the ranks of the subject's counted records, ascending; `itemCount` how many
 * of them each scheme item has. A category lists its records by scheme item, then record
 * id: a counting sort, since ranks already follow record id order.
 */
export function subtotalDeductions(
  rules: ScoringRules,
  prepared: PreparedDeductions,
  counted: readonly number[],
  itemCount: Int32Array,
): DeductionSubtotals {
  const { item, amount, contributions } = prepared;
  // Where each item's next record goes in its category's list.
  const cursor = new Int32Array(itemCount.length);
  const lists: RecordContribution[][] = rules.categoryItems.map((items) => {
    let size = 0;
    for (const i of items) {
      cursor[i] = size;
      size += itemCount[i]!;
    }
    // Preallocated: measurably faster than growing the array for a month of records.
    // oxlint-disable-next-line unicorn/no-new-array
    return new Array(size);
  });
  const recordedBy = new Float64Array(lists.length);
  for (const r of counted) {
    const i = item[r]!;
    const k = rules.itemList[i]!.categoryIndex;
    const at = cursor[i]!;
    cursor[i] = at + 1;
    lists[k]![at] = contributions[r]!;
    recordedBy[k] = recordedBy[k]! + amount[r]!;
  }
  let recordedTotal = 0;
  let takenTotal = 0;
  const categories = rules.categories.map(({ category, weight }, k): CategorySubtotal => {
    const recorded = recordedBy[k]!;
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
      records: lists[k]!,
    };
  });
  return { categories, recorded: recordedTotal, taken: takenTotal };
}
