import { formatHalfDay, type HalfDay } from '../../../domain';
import type { LocalLeave, OutboxEntry } from '../../db/database';
import type { Language } from '../../stores/ui';
import { leaveStrings } from './strings';

/** Is this a leave, substitute or outing change (not a violation record). */
export const isLeaveChange = (entry: Pick<OutboxEntry, 'name'>): boolean =>
  /^(leave|substitute|outing)\./.test(entry.name);

/**
 * How a refused leave change reads on the rejected list: what it was ("请假审批"), whose leave and
 * when — e.g. a decision refused because another approver decided first; the reason follows.
 */
export function describeLeaveChange(
  entry: Pick<OutboxEntry, 'name' | 'args'>,
  leaves: ReadonlyMap<string, LocalLeave>,
  staffName: (id: string) => string,
  lang: Language,
): string {
  const t = leaveStrings(lang);
  const args = (entry.args ?? {}) as {
    leaveId?: string;
    id?: string;
    staffId?: string;
    from?: HalfDay;
    to?: HalfDay;
    step?: number;
    decision?: string;
  };
  const leave = leaves.get(args.leaveId ?? args.id ?? '');
  const staffId = args.staffId ?? leave?.staffId;
  const span = args.from && args.to ? args : leave;
  const parts = [t.rejectionKind[entry.name] ?? entry.name];
  if (staffId) parts.push(staffName(staffId));
  if (span?.from && span.to) parts.push(`${formatHalfDay(span.from)[lang]}–${formatHalfDay(span.to)[lang]}`);
  if (entry.name === 'leave.decide' && typeof args.step === 'number')
    parts.push(
      `${lang === 'zh' ? '第' : 'step '}${args.step + 1}${lang === 'zh' ? '步' : ''} ${args.decision === 'approve' ? t.approve : t.reject}`,
    );
  return parts.join(' · ');
}
