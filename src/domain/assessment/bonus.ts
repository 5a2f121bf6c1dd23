import type { BonusRecord } from './inputs';
import { compareText } from './order';
import { fromCenti, toCenti, type Centi } from './points';

export interface BonusLine {
  recordId: string;
  bonusCode: string;
  eventId: string;
  points: number;
  staffId: string | null;
  counted: boolean;
  /** Why a line was dropped (one event, one bonus). */
  note: string | null;
}

export interface BonusSubtotal {
  /** Event id order, then points high to low, then record id. */
  lines: BonusLine[];
  /** Sum of the counted lines, before the cap. */
  recorded: number;
  cap: number;
  granted: number;
  cut: number;
  note: string | null;
}

export interface BonusTotals {
  subtotal: BonusSubtotal;
  granted: Centi;
}

/**
 * DOMAIN §4 附加分: one event earns one bonus, the highest that applies (同一件事就高不就低、
 * 不重复奖励): among records with the same eventId only the one with the most points counts
 * (equal points: the lowest record id, which changes nothing in the score). The sum of the
 * counted bonuses is then capped at the scheme's bonus cap.
 * `valid` are the subject's bonus records that may count (active, known code, points in range).
 */
export function subtotalBonus(valid: readonly BonusRecord[], cap: Centi, capName = 'the cap'): BonusTotals {
  const sorted = [...valid].sort(
    (a, b) => compareText(a.eventId, b.eventId) || toCenti(b.points) - toCenti(a.points) || compareText(a.id, b.id),
  );
  const lines: BonusLine[] = [];
  let recorded = 0;
  let kept: BonusRecord | null = null;
  for (const record of sorted) {
    const points = toCenti(record.points);
    const first = kept === null || kept.eventId !== record.eventId;
    if (first) {
      kept = record;
      recorded += points;
    }
    lines.push({
      recordId: record.id,
      bonusCode: record.bonusCode,
      eventId: record.eventId,
      points: fromCenti(points),
      staffId: record.staffId,
      counted: first,
      note: first
        ? null
        : `same event ${record.eventId} as record ${kept!.id} (${kept!.points} points): one event earns one bonus, the highest (就高不就低)`,
    });
  }
  const granted = Math.min(recorded, cap);
  const cut = recorded - granted;
  return {
    granted,
    subtotal: {
      lines,
      recorded: fromCenti(recorded),
      cap: fromCenti(cap),
      granted: fromCenti(granted),
      cut: fromCenti(cut),
      note:
        cut > 0
          ? `bonus ${fromCenti(recorded)} exceeds ${capName} ${fromCenti(cap)}: ${fromCenti(cut)} not granted`
          : null,
    },
  };
}
