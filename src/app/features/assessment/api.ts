import type { AssessmentPeriod, CycleAction, CycleState } from '../../../domain/assessment';
import type { Dispute } from '../../../domain/assessment/disputes';
import type { BonusDraft, DeductionDraft, DisqualificationDraft } from '../../../domain/assessment/requests';
import { getMeta, setMeta, type WindowDutyDb } from '../../db/database';
import { browserFetch, request, type Answer } from '../../http/client';
import { correctedNow } from '../../sync/clock';

/** The cycle's calls to /api/assessments (online; what a window head needs offline is cached in meta), through the app's HTTP client. */
export { request, type Answer } from '../../http/client';

export type PeriodView = AssessmentPeriod & {
  actions: CycleAction[];
  versions: { version: number; publishedAt: string; reason: string | null }[];
};
export interface PeriodList {
  periods: { month: string; state: CycleState }[];
}

const periodKey = (month: string) => `assessmentPeriod:${month}`;
const LIST_KEY = 'assessmentPeriods';

/** Kept on the phone with the time it was fetched: verification works offline from it. */
export interface Cached<T> {
  at: string;
  value: T;
}

export async function fetchPeriod(db: WindowDutyDb, month: string): Promise<Answer<PeriodView>> {
  const answer = await request<PeriodView>('GET', `/api/assessments/${month}`);
  if (answer.ok)
    await setMeta(db, periodKey(month), {
      at: correctedNow().toISOString(),
      value: answer.body,
    } satisfies Cached<PeriodView>);
  return answer;
}

export async function cachedPeriod(db: WindowDutyDb, month: string): Promise<Cached<PeriodView> | null> {
  return (await getMeta<Cached<PeriodView>>(db, periodKey(month))) ?? null;
}

export async function fetchPeriods(db: WindowDutyDb): Promise<Answer<PeriodList>> {
  const answer = await request<PeriodList>('GET', '/api/assessments');
  if (answer.ok)
    await setMeta(db, LIST_KEY, {
      at: correctedNow().toISOString(),
      value: { periods: answer.body.periods },
    } satisfies Cached<PeriodList>);
  return answer;
}

export async function cachedPeriods(db: WindowDutyDb): Promise<Cached<PeriodList> | null> {
  return (await getMeta<Cached<PeriodList>>(db, LIST_KEY)) ?? null;
}

export const cycleAction = (
  month: string,
  step: 'compile' | 'open-verification' | 'approve' | 'publish',
  body?: unknown,
) => request<PeriodView | { version: unknown }>('POST', `/api/assessments/${month}/${step}`, body ?? {});
export const returnForReview = (month: string, reason: string) =>
  request<PeriodView>('POST', `/api/assessments/${month}/return`, { reason });
export const publishCorrection = (month: string, reason: string) =>
  request('POST', `/api/assessments/${month}/corrections`, { reason });
export const closeMonth = (month: string) => request('POST', `/api/periods/${month}/close`);
export const listDisputes = (month: string) =>
  request<{ disputes: Dispute[] }>('GET', `/api/assessments/${month}/disputes`);
export const decideDispute = (id: string, decision: 'uphold' | 'overturn', reason: string) =>
  request<{ dispute: Dispute }>('POST', `/api/disputes/${id}/decide`, { decision, reason });
export const recordBonus = (month: string, bonus: BonusDraft) =>
  request('POST', `/api/assessments/${month}/bonuses`, bonus);

export const recordDeduction = (month: string, draft: DeductionDraft) =>
  request('POST', `/api/assessments/${month}/deductions`, draft);
export const recordDisqualification = (month: string, draft: DisqualificationDraft) =>
  request('POST', `/api/assessments/${month}/disqualifications`, draft);

/** Withdraws what the section entered, with a reason (the month must still be editable). */
export const withdrawSectionRecord = (kind: 'deduction' | 'bonus' | 'disqualification', id: string, reason: string) =>
  request(
    'POST',
    kind === 'deduction'
      ? `/api/assessments/deductions/${id}/withdraw`
      : kind === 'bonus'
        ? `/api/bonuses/${id}/withdraw`
        : `/api/disqualifications/${id}/withdraw`,
    { reason },
  );

export const bulletinUrl = (month: string, version?: number) =>
  `/api/assessments/${month}/bulletin.xlsx${version ? `?version=${version}` : ''}`;

// Photos of a record: on the server for the head of the record's window; kept on the phone once seen.
export async function cachePhotos(db: WindowDutyDb, violationId: string): Promise<void> {
  if ((await db.photos.where('violationId').equals(violationId).count()) > 0) return;
  const list = await request<{ hashes: string[] }>('GET', `/api/violations/${violationId}/photos`);
  if (!list.ok) return;
  for (const hash of list.body.hashes) {
    const res = await browserFetch(`/api/photos/${hash}`, { credentials: 'same-origin' }).catch(() => null);
    if (!res?.ok) continue;
    const blob = await res.blob();
    await db.photos.put({ hash, violationId, blob, uploaded: 1, createdAt: new Date().toISOString() });
  }
}
