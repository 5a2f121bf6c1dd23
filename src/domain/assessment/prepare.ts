import type { RecordContribution } from './deductions';
import type { DeductionRecord } from './inputs';
import type { NotCounted } from './not-counted';
import { fromCenti } from './points';
import type { ScoringRules } from './rules';

/**
 * A month's deduction records looked at once, in record id order (code-unit order; equal ids
 * keep input order), which score sheets rely on for their stable explanations. A record is
 * known by its rank in that order; the window's and the person's score sheets share the
 * same contribution and not-counted objects. Parallel arrays rather than an object per
 * record: a month holds 50,000 records and every object is garbage-collector work.
 */
export interface PreparedDeductions {
  /** The records by rank. */
  records: DeductionRecord[];
  /** By rank: a counted record's contribution (active, item in the scheme), else null. */
  contributions: (RecordContribution | null)[];
  /** By rank: why the record does not count (withdrawn, overturned, unknown item), else null. */
  notCounted: (NotCounted | null)[];
  /** By rank: a counted record's scheme item index (ItemRule.index), else -1. */
  item: Int32Array;
  /** By rank: a counted record's deduction in centi (points × quantity), else 0. */
  amount: Float64Array;
}

function byId(a: DeductionRecord, b: DeductionRecord): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const OVERTURNED = 'dispute upheld for the window: overturned, not counted';
const WITHDRAWN = 'withdrawn, not counted';
const EXCUSED = 'off post while on approved leave or a registered outing: excused, not counted';
const CONVERTED = 'off post or late beyond the scheme minutes: counted as half a day of absence instead';

export function prepareDeductions(rules: ScoringRules, records: readonly DeductionRecord[]): PreparedDeductions {
  // A stable sort: equal ids keep input order. Records mostly arrive in id order already, which
  // the engine's merge sort takes in one pass.
  const sorted = records.slice().sort(byId);
  const n = sorted.length;
  // Preallocated: measurably faster than growing the arrays for a month of records.
  // oxlint-disable-next-line unicorn/no-new-array
  const contributions: (RecordContribution | null)[] = new Array(n);
  // oxlint-disable-next-line unicorn/no-new-array
  const notCounted: (NotCounted | null)[] = new Array(n);
  const item = new Int32Array(n);
  const amount = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) {
    const record = sorted[rank]!;
    contributions[rank] = null;
    notCounted[rank] = null;
    item[rank] = -1;
    if (record.status !== 'active') {
      const note =
        record.status === 'overturned'
          ? OVERTURNED
          : record.status === 'excused'
            ? EXCUSED
            : record.status === 'converted'
              ? CONVERTED
              : WITHDRAWN;
      notCounted[rank] = { recordId: record.id, kind: 'deduction', reason: record.status, note };
      continue;
    }
    const rule = rules.items.get(record.itemCode);
    if (!rule) {
      const note = `item ${record.itemCode} is not in scheme v${rules.scheme.version}`;
      notCounted[rank] = { recordId: record.id, kind: 'deduction', reason: 'unknown_item', note };
      continue;
    }
    const centi = rule.points * record.quantity;
    item[rank] = rule.index;
    amount[rank] = centi;
    contributions[rank] = {
      recordId: record.id,
      itemCode: record.itemCode,
      points: fromCenti(rule.points),
      quantity: record.quantity,
      unit: rule.item.unit,
      amount: fromCenti(centi),
      source: record.source,
      staffId: record.staffId,
      substituteFor: record.substituteFor ?? null,
    };
  }
  return { records: sorted, contributions, notCounted, item, amount };
}
