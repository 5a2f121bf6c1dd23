/**
 * Who is expected at post at a window at a moment (DOMAIN §3, §6, §7): the window's staff, minus
 * those on approved leave or a registered outing covering the moment, plus substitutes covering.
 * Leaves, outings and substitutes come from a later feature; the inputs are defined here.
 */

import { compareText } from '../text-order';

export interface ApprovedLeave {
  id: string;
  staffId: string;
  /** ISO date-times, inclusive from, exclusive to. */
  from: string;
  to: string;
  kind: string;
}

export interface RegisteredOuting {
  id: string;
  staffId: string;
  from: string;
  to: string;
  purpose?: string;
}

export interface SubstituteCover {
  id: string;
  windowId: string;
  /** The person covered for. */
  forStaffId: string;
  substituteName: string;
  /** A staff id when the substitute is on the staff list, else null. */
  substituteStaffId: string | null;
  from: string;
  to: string;
}

export interface StaffLike {
  id: string;
  name: string;
  windowId: string;
  post: string;
}

export type Absence = { kind: 'leave'; leave: ApprovedLeave } | { kind: 'outing'; outing: RegisteredOuting };

export interface ExpectedPerson {
  staffId: string | null;
  name: string;
  post: string;
  /** At post: expected. Away: on approved leave/outing (excused). */
  state: 'expected' | 'away';
  absence: Absence | null;
  /** Set for a substitute: whom they stand in for. */
  substituteFor: string | null;
}

export interface ExpectedInputs {
  leaves: readonly ApprovedLeave[];
  outings: readonly RegisteredOuting[];
  substitutes: readonly SubstituteCover[];
}

export const NO_ABSENCES: ExpectedInputs = { leaves: [], outings: [], substitutes: [] };

const covers = (span: { from: string; to: string }, at: number) =>
  Date.parse(span.from) <= at && at < Date.parse(span.to);

/** The approved leave or registered outing covering this person at this moment, or null. */
export function absenceAt(
  staffId: string,
  at: string | Date,
  inputs: Pick<ExpectedInputs, 'leaves' | 'outings'>,
): Absence | null {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const leave = inputs.leaves.find((l) => l.staffId === staffId && covers(l, t));
  if (leave) return { kind: 'leave', leave };
  const outing = inputs.outings.find((o) => o.staffId === staffId && covers(o, t));
  return outing ? { kind: 'outing', outing } : null;
}

/** The people a patrol should see at one window at `at`, in post order; substitutes after whom they cover. */
export function expectedStaff(
  windowId: string,
  staff: readonly StaffLike[],
  at: string | Date,
  inputs: ExpectedInputs,
): ExpectedPerson[] {
  const t = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const out: ExpectedPerson[] = [];
  const people = staff.filter((s) => s.windowId === windowId).sort((a, b) => compareText(a.post, b.post));
  for (const person of people) {
    const absence = absenceAt(person.id, at, inputs);
    out.push({
      staffId: person.id,
      name: person.name,
      post: person.post,
      state: absence ? 'away' : 'expected',
      absence,
      substituteFor: null,
    });
    for (const sub of inputs.substitutes) {
      if (sub.windowId === windowId && sub.forStaffId === person.id && covers(sub, t)) {
        out.push({
          staffId: sub.substituteStaffId,
          name: sub.substituteName,
          post: person.post,
          state: 'expected',
          absence: null,
          substituteFor: person.id,
        });
      }
    }
  }
  return out;
}

/** The staff member a violation at this window defaults to: the only person expected, else "the window" (null). */
export function defaultStaffFor(expected: readonly ExpectedPerson[]): string | null {
  const present = expected.filter((p) => p.state === 'expected' && p.staffId);
  return present.length === 1 ? present[0]!.staffId : null;
}
