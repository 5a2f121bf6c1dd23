import type { CountedDeduction } from './deductions';
import type { DeductionRecord } from './inputs';
import type { NotCounted } from './not-counted';
import { fromCenti } from './points';
import type { ScoringRules } from './rules';

/**
 * A deduction record looked at once: either it does not count (withdrawn, overturned, item
 * not in the scheme) and `notCounted` says why, or `counted` holds its contribution. The
 * window's and the person's score sheets share the same prepared record.
 */
export interface PreparedDeduction {
  record: DeductionRecord;
  counted: CountedDeduction | null;
  notCounted: NotCounted | null;
}

/**
 * Prepares records for scoring and returns them in record id order (code-unit order; equal
 * ids keep input order), which score sheets rely on for their stable explanations. To keep
 * this cheap for a month of records the ids are ordered with the engine's native string
 * sort, and each counted record gets the numeric key item index × n + id rank, so a
 * category's records sort by scheme item, then id, with number comparisons only.
 */
export function prepareDeductions(rules: ScoringRules, records: readonly DeductionRecord[]): PreparedDeduction[] {
  const n = records.length;
  const width = String(n).length;
  const keys = records.map((r, i) => `${r.id}\u0000${String(i).padStart(width, '0')}`).sort();
  // Preallocated: measurably faster than growing the array for a month of records.
  // oxlint-disable-next-line unicorn/no-new-array
  const prepared: PreparedDeduction[] = new Array(n);
  for (let rank = 0; rank < n; rank++) {
    const key = keys[rank]!;
    const record = records[Number(key.slice(key.lastIndexOf('\u0000') + 1))]!;
    prepared[rank] = prepare(rules, record, rank, n);
  }
  return prepared;
}

function prepare(rules: ScoringRules, record: DeductionRecord, rank: number, n: number): PreparedDeduction {
  if (record.status !== 'active') {
    const note = record.status === 'overturned' ? 'dispute upheld for the window: overturned, not counted' : 'withdrawn, not counted';
    return { record, counted: null, notCounted: { recordId: record.id, kind: 'deduction', reason: record.status, note } };
  }
  const rule = rules.items.get(record.itemCode);
  if (!rule) {
    const note = `item ${record.itemCode} is not in scheme v${rules.scheme.version}`;
    return { record, counted: null, notCounted: { recordId: record.id, kind: 'deduction', reason: 'unknown_item', note } };
  }
  const amount = rule.points * record.quantity;
  return {
    record,
    notCounted: null,
    counted: {
      record,
      categoryIndex: rule.categoryIndex,
      sortKey: rule.index * n + rank,
      amount,
      contribution: {
        recordId: record.id,
        itemCode: record.itemCode,
        points: fromCenti(rule.points),
        quantity: record.quantity,
        unit: rule.item.unit,
        amount: fromCenti(amount),
        source: record.source,
        staffId: record.staffId,
        substituteFor: record.substituteFor ?? null,
      },
    },
  };
}
