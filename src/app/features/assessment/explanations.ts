import type { MonthAssessment } from '../../../domain/assessment/month';
import type { PublishedSummary } from '../../../domain/assessment/summary';
import type { Profile } from '../../../domain/entities';
import type { Violation } from '../../../domain/violation';
import { META, getMeta, type ExplanationRow, type WindowDutyDb } from '../../db/database';
import type { TransferQueue } from '../../sync/transfers';
import { OfflineError, UnauthenticatedError, call, type FetchFn } from '../../http/client';
import { compareText } from '../../../domain/text-order';

/**
 * Windows' explanations of published versions (issue 14 §4). Phones hold each version's rankings
 * summary; a window's explanation is fetched when opened (GET
 * /api/assessments/:month/versions/:version/windows/:windowId) and kept for offline use. The
 * user's own window's (and the window their own staff sheet is at) are fetched in the
 * background after a sync and always kept; of the others, the KEEP_OPENED most recently opened.
 *
 * A small surface on purpose (fetchExplanation, keepOwnExplanations): the background transfer
 * can move into the sync engine as it is.
 */
export const KEEP_OPENED = 30;

type VersionRef = Pick<PublishedSummary, 'id' | 'month' | 'version'>;

export const explanationKey = (versionId: string, windowId: string) => `${versionId}:${windowId}`;

/** The kept explanation of a window in a version, if any (read-only: live queries call it). */
export async function readExplanation(
  db: WindowDutyDb,
  versionId: string,
  windowId: string,
): Promise<ExplanationRow | undefined> {
  return db.explanations.get(explanationKey(versionId, windowId));
}

export type FetchOutcome = 'ok' | 'offline' | 'not_found' | 'signed_out' | 'failed';

/** The explanation of one window: fetched, kept (the least recently opened others go), 'ok' when now on the phone. */
export async function fetchExplanation(
  db: WindowDutyDb,
  version: VersionRef,
  windowId: string,
  fetchFn: FetchFn,
  now: () => Date = () => new Date(),
): Promise<FetchOutcome> {
  let answer;
  try {
    answer = await call(
      fetchFn,
      `/api/assessments/${encodeURIComponent(version.month)}/versions/${version.version}/windows/${encodeURIComponent(windowId)}`,
    );
  } catch (error) {
    if (error instanceof OfflineError) return 'offline';
    throw error;
  }
  if (answer.status === 404) return 'not_found';
  if (answer.status === 401) return 'signed_out';
  const body = answer.body as { versionId?: unknown; result?: MonthAssessment; records?: unknown } | null;
  if (!answer.ok || !body?.result || body.versionId !== version.id) return 'failed';
  await db.explanations.put({
    key: explanationKey(version.id, windowId),
    versionId: version.id,
    month: version.month,
    version: version.version,
    windowId,
    result: body.result,
    records: Array.isArray(body.records) ? (body.records as Violation[]) : [],
    openedAt: now().toISOString(),
  });
  await pruneExplanations(db);
  return 'ok';
}

/** Mark a kept explanation as just opened (it is then the last of the others to go). */
export async function touchExplanation(db: WindowDutyDb, versionId: string, windowId: string, at: Date = new Date()) {
  await db.explanations.update(explanationKey(versionId, windowId), { openedAt: at.toISOString() });
}

/** The windows whose explanation a user always keeps in a version: their own window and the one their staff sheet is at. */
export function ownWindowIds(
  summary: Pick<PublishedSummary, 'result'>,
  profile: Pick<Profile, 'windowId' | 'staffId'> | null | undefined,
): string[] {
  if (!profile) return [];
  const ids = new Set<string>();
  if (profile.windowId && summary.result.windows.some((w) => w.windowId === profile.windowId))
    ids.add(profile.windowId);
  const own = profile.staffId ? summary.result.staff.find((s) => s.staffId === profile.staffId) : undefined;
  if (own) ids.add(own.windowId);
  return [...ids];
}

async function ownKeys(db: WindowDutyDb, profile?: Pick<Profile, 'windowId' | 'staffId'> | null): Promise<Set<string>> {
  profile ??= await getMeta<Profile>(db, META.profile);
  const keys = new Set<string>();
  if (!profile?.windowId && !profile?.staffId) return keys;
  for (const summary of await db.assessments.toArray())
    for (const windowId of ownWindowIds(summary, profile)) keys.add(explanationKey(summary.id, windowId));
  return keys;
}

/** Drop explanations of versions no longer held, and all but the KEEP_OPENED most recently opened of the others' windows. */
export async function pruneExplanations(db: WindowDutyDb, keep: number = KEEP_OPENED): Promise<number> {
  const own = await ownKeys(db);
  const versions = new Set((await db.assessments.toCollection().primaryKeys()) as string[]);
  const rows = await db.explanations.orderBy('openedAt').reverse().toArray();
  const drop: string[] = [];
  let others = 0;
  for (const row of rows) {
    if (!versions.has(row.versionId)) drop.push(row.key);
    else if (!own.has(row.key) && ++others > keep) drop.push(row.key);
  }
  if (drop.length) await db.explanations.bulkDelete(drop);
  return drop.length;
}

/**
 * After a sync: fetch the user's own explanations the phone does not hold yet, one at a time
 * (newest months first), stopping at the first failure (the next sync tries again). The number fetched.
 */
export async function keepOwnExplanations(
  db: WindowDutyDb,
  fetchFn: FetchFn,
  profile?: Pick<Profile, 'windowId' | 'staffId'> | null,
): Promise<number> {
  profile ??= await getMeta<Profile>(db, META.profile);
  if (!profile) return 0;
  const summaries = (await db.assessments.toArray()).sort(
    (a, b) => compareText(b.month, a.month) || b.version - a.version,
  );
  let fetched = 0;
  for (const summary of summaries) {
    for (const windowId of ownWindowIds(summary, profile)) {
      if (await db.explanations.get(explanationKey(summary.id, windowId))) continue;
      let outcome: FetchOutcome;
      try {
        outcome = await fetchExplanation(db, summary, windowId, fetchFn);
      } catch (error) {
        if (error instanceof UnauthenticatedError) return fetched;
        throw error;
      }
      if (outcome === 'ok') fetched++;
      else if (outcome !== 'not_found') return fetched;
    }
  }
  return fetched;
}

/**
 * One's own explanations as a queue of the sync engine's transfers: after each sync, those of the
 * published versions not yet on the phone are fetched and kept (offline or a server error: the
 * next sync tries again).
 */
export const explanationQueue: TransferQueue = {
  run: async (db, fetchFn) => ({ done: await keepOwnExplanations(db, fetchFn) }),
};
