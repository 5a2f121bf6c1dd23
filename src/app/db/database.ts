import { Dexie, type EntityTable } from 'dexie';
import type { AssessmentVersion, BonusEntry, Dispute, MonthAssessment } from '../../domain/assessment';
import { summarizeVersion, windowExplanationResult, type PublishedSummary } from '../../domain/assessment/summary';
import type {
  DutyRoster,
  Floor,
  HallWindow,
  LeaveRow,
  MutationName,
  Outing,
  RecordViolationArgs,
  Round,
  Scheme,
  Staff,
  SubstituteArrangement,
  SyncedEntity,
  Violation,
} from '../../domain';

/** How far a local row has got towards the server. */
export type SyncState = 'pending' | 'synced' | 'rejected';

/**
 * Issue 13 §6: a row the server has, changed on this phone, keeps the server's version beside
 * the change until the server answers. When the server refuses the change, the row goes back to
 * that version and `refused` says why, so no screen shows a refused change as if it had happened.
 */
export interface Shadowed {
  /** The server's row as last pulled, while a local change of it waits (no local fields inside). */
  serverVersion?: Record<string, unknown>;
  /** A local change of this row the server refused (the row shows the server's version). */
  refused?: { code?: string; reason?: string };
}

/**
 * A violation as the phone keeps it: the server's ViolationSchema once pulled, or only the
 * recorder's args (plus who recorded it) while it waits in the outbox.
 */
export interface LocalViolation extends RecordViolationArgs, Shadowed {
  recordedBy: string;
  recordedByName?: string;
  status?: 'active' | 'withdrawn';
  serverReceivedAt?: string;
  clockSkewMs?: number;
  syncState: SyncState;
  rejectionCode?: string;
  rejectionReason?: string;
  /** Set when withdrawn on this phone. */
  withdrawReason?: string;
  /** Set once forwarded as a late submission (the month was closed). */
  lateSubmissionId?: string;
  /** From the server: a record entered by the supervision section from another source, a substitute's record. */
  source?: string;
  substituteFor?: string | null;
  /** When the person came back (off post) or arrived (late), as the recorder noted it (#15). */
  returnedAt?: string | null;
}

/** A patrol round as the phone keeps it: the server's RoundSchema, or the local start/finish while pending. */
export interface LocalRound extends Omit<Round, 'leaderName'>, Shadowed {
  leaderName?: string;
  /** Given up on this phone (round.abandon queued); the server's tombstone then removes the row. */
  abandonedAt?: string;
  syncState: SyncState;
  rejectionCode?: string;
  rejectionReason?: string;
}

/** Pending state of a leave, substitute or outing row changed on this phone (as for rounds). */
interface LocalState extends Shadowed {
  syncState: SyncState;
  rejectionCode?: string;
  rejectionReason?: string;
}

/**
 * A leave row: the server's full request or redacted summary (LeaveRowSchema), or the local
 * request while it waits (steps empty until the server has computed the chain).
 */
export type LocalLeave = LeaveRow & LocalState;
export type LocalSubstitute = SubstituteArrangement & LocalState;
export type LocalOuting = Outing & LocalState;

/** A photo of a record, scaled on the phone; uploaded: 0 waiting, 1 on the server, 2 refused. */
export interface PhotoRow {
  hash: string;
  violationId: string;
  blob: Blob;
  uploaded: 0 | 1 | 2;
  createdAt: string;
  /** The HTTP status the server refused it with (uploaded 2): shown, and kept for the supervision section. */
  refusedStatus?: number;
}

/** A leave document (sick certificate, notice) kept on the phone until uploaded; uploaded as for photos. */
export interface LeaveFileRow {
  leaveId: string;
  hash: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  blob: Blob;
  uploaded: 0 | 1 | 2;
  createdAt: string;
  /** The HTTP status the server refused it with (uploaded 2). */
  refusedStatus?: number;
}

/** Evidence of a dispute (issue #15 point 11), kept until uploaded: 0 waiting, 1 uploaded, 2 refused. */
export interface DisputeFileRow {
  disputeId: string;
  hash: string;
  mime: 'image/jpeg' | 'image/png' | 'application/pdf';
  blob: Blob;
  uploaded: 0 | 1 | 2;
  createdAt: string;
}

export interface SchemeRow {
  id: string;
  version: number;
  effectiveFrom: string;
  scheme: Scheme;
}

/**
 * pending: waits to be sent. rejected: the server decided against it (shown with its reason).
 * stuck: the server failed on it again and again (5xx, or a batch it could not read) while the
 * rest of the queue went through; it is not sent again until the user says so (Rejected.tsx).
 */
export type OutboxState = 'pending' | 'rejected' | 'stuck';
export const OUTBOX_STATES: readonly OutboxState[] = ['pending', 'rejected', 'stuck'];

/** What happened to a stuck entry: the server failed on it (5xx), or could not read it (400/413). */
export interface StuckFailure {
  kind: 'server_error' | 'refused';
  /** The HTTP status of the last failing answer. */
  status: number;
  /** When it was last tried (device time, ISO). */
  at: string;
  /** The server's words, if any (kept for the copied text, not shown as a code). */
  detail?: string;
}

export interface OutboxEntry {
  /** Local queue order (auto-increment). */
  seq?: number;
  /** The mutation id (idempotency key on the server). */
  id: string;
  name: MutationName;
  userId: string;
  createdAt: string;
  args: unknown;
  state: OutboxState;
  attempts: number;
  code?: string;
  reason?: string;
  /** "table:rowId" of the local row this entry changes (indexed: which rows still wait). */
  rowKey?: string;
  /** Set while state is 'stuck'. */
  stuck?: StuckFailure;
}

/** A dispute as the phone keeps it: the server's DisputeSchema once pulled, or the window head's filing while it waits in the outbox. */
export interface LocalDispute
  extends
    Omit<
      Dispute,
      'windowId' | 'month' | 'filedByName' | 'decidedBy' | 'decidedByName' | 'decisionReason' | 'decidedAt'
    >,
    Shadowed {
  /** Known once pulled (the server takes them from the record). */
  windowId?: string;
  month?: string;
  filedByName?: string;
  decidedBy?: string | null;
  decidedByName?: string | null;
  decisionReason?: string | null;
  decidedAt?: string | null;
  syncState: SyncState;
  rejectionCode?: string;
  rejectionReason?: string;
}

/**
 * A mutation the server acknowledged, kept JOURNAL_DAYS after: if the server is restored from a
 * backup older than the acknowledgement (a new data epoch), the phone sends it again.
 */
export interface JournalEntry {
  id: string;
  name: MutationName;
  userId: string;
  createdAt: string;
  args: unknown;
  /** Its outbox seq: replays go in the order they were first queued. */
  outboxSeq: number;
  ackedAt: string;
}

/** How long acknowledged mutations are kept for a re-send after a server restore. */
export const JOURNAL_DAYS = 7;

/**
 * A window's explanation in a published version (issue 14 §4), fetched when opened and kept for
 * offline use: the engine's result cut down to that window (domain windowExplanationResult).
 * key: "<versionId>:<windowId>". One's own window's are kept always; others' the most recently opened.
 */
export interface ExplanationRow {
  key: string;
  versionId: string;
  month: string;
  version: number;
  windowId: string;
  result: MonthAssessment;
  /**
   * The records behind the window's lines that this user may see, as the server had them when
   * fetched: a month older than the open ones has no records on the phone (issue 14 §5).
   */
  records?: Violation[];
  /** When it was last opened or fetched (device time, ISO): the least recent go first. */
  openedAt: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export type WindowDutyDb = Dexie & {
  floors: EntityTable<Floor, 'id'>;
  windows: EntityTable<HallWindow, 'id'>;
  staff: EntityTable<Staff, 'id'>;
  schemes: EntityTable<SchemeRow, 'id'>;
  violations: EntityTable<LocalViolation, 'id'>;
  rounds: EntityTable<LocalRound, 'id'>;
  duty_roster: EntityTable<DutyRoster, 'id'>;
  leaves: EntityTable<LocalLeave, 'id'>;
  substitutes: EntityTable<LocalSubstitute, 'id'>;
  outings: EntityTable<LocalOuting, 'id'>;
  /** Published assessment versions as their rankings summaries (immutable; every version of every month is kept). */
  assessments: EntityTable<PublishedSummary, 'id'>;
  /** Windows' explanations of published versions, fetched when opened (issue 14 §4). */
  explanations: EntityTable<ExplanationRow, 'key'>;
  disputes: EntityTable<LocalDispute, 'id'>;
  bonuses: EntityTable<BonusEntry, 'id'>;
  photos: Dexie.Table<PhotoRow, [string, string]>;
  leave_files: Dexie.Table<LeaveFileRow, [string, string]>;
  dispute_files: Dexie.Table<DisputeFileRow, [string, string]>;
  outbox: EntityTable<OutboxEntry, 'seq'>;
  journal: EntityTable<JournalEntry, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
};

export const DB_NAME = 'window-duty';

/** Table names equal SYNCED_ENTITIES, so a pulled change goes to db.table(change.entity). */
export const ENTITY_TABLES: readonly SyncedEntity[] = [
  'floors',
  'windows',
  'staff',
  'schemes',
  'violations',
  'rounds',
  'duty_roster',
  'leaves',
  'substitutes',
  'outings',
  'assessments',
  'disputes',
  'bonuses',
];

export function createDatabase(name: string = DB_NAME): WindowDutyDb {
  const db = new Dexie(name) as WindowDutyDb;
  // Only the versions with an upgrade are declared, each with every change since the one before
  // (Dexie diffs what a phone has against each declared version in turn, so a phone on any older
  // version still upgrades, every row kept): each declared version is set up again at every start,
  // ~2.5 ms each here, and the twelve were ~30 ms in front of the first screen.
  db.version(3)
    .stores({
      floors: 'id, level',
      windows: 'id, floorId, position',
      staff: 'id, windowId',
      schemes: 'id, version',
      violations: 'id, windowId, recordedBy, observedAt, syncState',
      // Indexes that keep sync cheap with thousands queued: counts per user and state read keys
      // only, and "does this row still wait for the server" is an index lookup, not a scan.
      outbox: '++seq, &id, userId, state, createdAt, [userId+state], rowKey',
      meta: 'key',
      rounds: 'id, leaderId, floorId, day', // 2
      duty_roster: 'id, month, floorId', // 2
    })
    .upgrade(async (tx) => {
      await tx
        .table('outbox')
        .toCollection()
        .modify((entry: OutboxEntry) => {
          const id = (entry.args as { id?: unknown } | null)?.id;
          const table = rowTableOfMutation(entry.name);
          if (table && typeof id === 'string') entry.rowKey = `${table}:${id}`;
        });
    });
  db.version(9)
    .stores({
      photos: '[violationId+hash], violationId, uploaded', // 4
      // Indexes nothing queries are dropped: each one is paid on every synced row written (5). A
      // month's pull writes 10,000 violations: the windowId index (random UUID keys) cost a fifth
      // of that; its one reader, a window's records of a month, reads the month's observedAt
      // range instead (8).
      outbox: '++seq, &id, [userId+state], rowKey',
      violations: 'id, observedAt',
      // Leave, substitute cover and outings (issue #4; 6).
      leaves: 'id, staffId, windowId',
      substitutes: 'id, leaveId, windowId',
      outings: 'id, staffId, windowId',
      leave_files: '[leaveId+hash], leaveId, uploaded',
      // The monthly assessment: published versions kept for offline rankings, disputes, bonuses
      // (7). [month+version]: the rankings read which versions exist from the index alone (a
      // version's result is large) and then load just the one shown.
      assessments: 'id, month, [month+version]',
      disputes: 'id, violationId, month',
      bonuses: 'id, month',
    })
    // Outbox entries may now be 'stuck' (issue 11 §4; the [userId+state] index counts them as it
    // does the others). An entry whose state is none of the known ones would be invisible to every
    // query, never sent and never shown: it goes back to pending. Every row and entry is kept.
    .upgrade(async (tx) => {
      await tx
        .table('outbox')
        .toCollection()
        .modify((entry: OutboxEntry) => {
          if (!(OUTBOX_STATES as readonly string[]).includes(entry.state)) entry.state = 'pending';
        });
    });
  // Acknowledged mutations, for a re-send after the server is restored from a backup (issue #16;
  // 10), and evidence of disputes waiting to upload (issue #15 point 11), like leave documents (11).
  db.version(12)
    .stores({
      journal: 'id, ackedAt',
      dispute_files: '[disputeId+hash], disputeId, uploaded',
      explanations: 'key, versionId, openedAt',
    })
    .upgrade(async (tx) => {
      const profile = ((await tx.table('meta').get('profile')) as MetaRow | undefined)?.value as
        { windowId?: string | null; staffId?: string | null } | undefined;
      const now = new Date().toISOString();
      const explanations: ExplanationRow[] = [];
      await tx
        .table('assessments')
        .toCollection()
        .modify((row: AssessmentVersion | PublishedSummary, ref: { value: unknown }) => {
          if (!Array.isArray(row.result?.windows) || !row.result.windows.some((w) => 'sheet' in w)) return;
          const full = row as AssessmentVersion;
          const own = new Set(
            [
              profile?.windowId,
              full.result.staff.find((s) => profile?.staffId && s.staffId === profile.staffId)?.windowId,
            ].filter((id): id is string => !!id),
          );
          for (const windowId of own) {
            const result = windowExplanationResult(full.result, windowId);
            if (result)
              explanations.push({
                key: `${full.id}:${windowId}`,
                versionId: full.id,
                month: full.month,
                version: full.version,
                windowId,
                result,
                openedAt: now,
              });
          }
          ref.value = summarizeVersion(full);
        });
      if (explanations.length) await tx.table('explanations').bulkPut(explanations);
      await tx.table('meta').where('key').startsWith('ranking:').delete();
    });
  return db;
}

/** For entries queued before rowKey existed: violation.* change violations, round.* rounds. */
function rowTableOfMutation(name: string): 'violations' | 'rounds' | null {
  return name.startsWith('violation.') ? 'violations' : name.startsWith('round.') ? 'rounds' : null;
}

export async function getMeta<T>(db: WindowDutyDb, key: string): Promise<T | undefined> {
  const row = await db.meta.get(key);
  return row?.value as T | undefined;
}

/**
 * What the last sync left on the phone: its time and the server − device clock offset it measured
 * (null when unknown or not a finite number). Read at start, by the data layer for the first
 * screen and by the sync engine when it loads.
 */
export async function getSyncMeta(
  db: WindowDutyDb,
): Promise<{ lastSyncAt: string | null; clockSkewMs: number | null }> {
  const [lastSyncAt, skew] = await Promise.all([
    getMeta<string | null>(db, META.lastSyncAt),
    getMeta<number>(db, META.clockSkewMs),
  ]);
  return {
    lastSyncAt: lastSyncAt ?? null,
    clockSkewMs: typeof skew === 'number' && Number.isFinite(skew) ? skew : null,
  };
}

export async function setMeta(db: WindowDutyDb, key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value });
}

/** Meta keys used across the app. */
export const META = {
  cursor: 'cursor',
  /** The user whose server scope the pulled tables hold. */
  dataUserId: 'dataUserId',
  profile: 'profile',
  lastSyncAt: 'lastSyncAt',
  clockSkewMs: 'clockSkewMs',
  persistAsked: 'persistAsked',
  /** The server's data epoch last seen (new after a restore from backup). */
  epoch: 'epoch',
} as const;
