import { hallIso, type AttachmentKind, type AttachmentRef, type HalfDay, type MutationArgs } from '../../../domain';
import type { LeaveFileRow, WindowDutyDb } from '../../db/database';
import { enqueueMutation, type Actor } from '../../db/outbox';
import { sha256Hex } from '../patrol/photos';
import { currentHallZone } from '../../stores/session';
import { newId } from '../../ids';
import { correctedNow, type Now } from '../../sync/clock';

/** A user action's time on the hall's clock, with its offset. */
const stamp = (at: Date): string => hallIso(at, currentHallZone());

/**
 * Leave, substitute and outing actions on this phone (issue #4). Each writes its local row and
 * its outbox entry in one transaction (enqueueMutation) and syncs when it can; the server runs
 * the same domain rules and answers applied or rejected with a reason. Documents are kept as
 * blobs beside the request and uploaded once the server has the change that lists them.
 */

/** The phone's corrected clock (sync/clock.ts): a slow phone still stamps the server's day. */
const clock: Now = correctedNow;

export const DOCUMENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type DocumentMime = (typeof DOCUMENT_TYPES)[number];

/** A document picked on the phone (camera or file), with what it is. */
export interface PickedDocument {
  blob: Blob;
  kind: AttachmentKind;
  name?: string;
}

export function documentMime(blob: Blob): DocumentMime | null {
  return (DOCUMENT_TYPES as readonly string[]).includes(blob.type) ? (blob.type as DocumentMime) : null;
}

async function refOf(doc: PickedDocument): Promise<AttachmentRef> {
  const mime = documentMime(doc.blob);
  if (!mime) throw new Error(`unsupported document type ${doc.blob.type || '(none)'}: use a photo (JPEG/PNG) or a PDF`);
  return {
    hash: await sha256Hex(doc.blob),
    kind: doc.kind,
    mime,
    ...(doc.name ? { name: doc.name.slice(0, 120) } : {}),
  };
}

/** Keep the blobs of a leave's documents until they are uploaded (never holds the change back). */
export async function keepDocuments(
  db: WindowDutyDb,
  leaveId: string,
  docs: readonly { ref: AttachmentRef; blob: Blob }[],
  now: Now = clock,
): Promise<void> {
  const rows: LeaveFileRow[] = docs.map((d) => ({
    leaveId,
    hash: d.ref.hash,
    mime: d.ref.mime,
    blob: d.blob,
    uploaded: 0,
    createdAt: now().toISOString(),
  }));
  if (rows.length) await db.leave_files.bulkPut(rows);
}

export interface RequestLeaveInput {
  staffId: string;
  windowId: string;
  type: string;
  from: HalfDay;
  to: HalfDay;
  reason: string;
  extensionOf?: string | null;
  documents?: readonly PickedDocument[];
}

/** Ask for leave (请假, or 续假 with extensionOf). Works offline; the server computes the chain again. */
export async function requestLeave(
  db: WindowDutyDb,
  input: RequestLeaveInput,
  user: Actor,
  now: Now = clock,
): Promise<MutationArgs<'leave.request'>> {
  const docs = await Promise.all((input.documents ?? []).map(async (d) => ({ ref: await refOf(d), blob: d.blob })));
  const args: MutationArgs<'leave.request'> = {
    id: newId(),
    staffId: input.staffId,
    windowId: input.windowId,
    type: input.type,
    from: input.from,
    to: input.to,
    reason: input.reason.trim(),
    attachments: docs.map((d) => d.ref),
    extensionOf: input.extensionOf ?? null,
    submittedAt: stamp(now()),
  };
  await enqueueMutation(db, 'leave.request', args, user, now);
  await keepDocuments(db, args.id, docs, now);
  return args;
}

/** An approver's decision on the step they saw waiting (offline too; the first valid one stands). */
export async function decideLeave(
  db: WindowDutyDb,
  input: { leaveId: string; step: number; approve: boolean; comment: string },
  user: Actor,
  now: Now = clock,
): Promise<MutationArgs<'leave.decide'>> {
  const args: MutationArgs<'leave.decide'> = {
    leaveId: input.leaveId,
    step: input.step,
    decision: input.approve ? 'approve' : 'reject',
    comment: input.comment.trim(),
    decidedAt: stamp(now()),
  };
  await enqueueMutation(db, 'leave.decide', args, user, now);
  return args;
}

/** Withdrawn by the requester before approval. */
export async function withdrawLeave(db: WindowDutyDb, leaveId: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'leave.withdraw'> = { leaveId, at: stamp(now()) };
  await enqueueMutation(db, 'leave.withdraw', args, user, now);
  return args;
}

/** After approval: ask to revoke (takes effect with an approver's consent). */
export async function requestRevoke(db: WindowDutyDb, leaveId: string, reason: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'leave.revoke_request'> = { leaveId, reason: reason.trim(), at: stamp(now()) };
  await enqueueMutation(db, 'leave.revoke_request', args, user, now);
  return args;
}

/** An approver consents to (or refuses) a revocation. */
export async function answerRevoke(
  db: WindowDutyDb,
  leaveId: string,
  consent: boolean,
  comment: string,
  user: Actor,
  now: Now = clock,
) {
  const args: MutationArgs<'leave.revoke_answer'> = { leaveId, consent, comment: comment.trim(), at: stamp(now()) };
  await enqueueMutation(db, 'leave.revoke_answer', args, user, now);
  return args;
}

/** Add a document (e.g. the sick certificate) to an open leave. */
export async function attachToLeave(
  db: WindowDutyDb,
  leaveId: string,
  doc: PickedDocument,
  user: Actor,
  now: Now = clock,
) {
  const ref = await refOf(doc);
  const args: MutationArgs<'leave.attach'> = { leaveId, attachment: ref, at: stamp(now()) };
  await enqueueMutation(db, 'leave.attach', args, user, now);
  await keepDocuments(db, leaveId, [{ ref, blob: doc.blob }], now);
  return args;
}

/** 骗假: the supervision section finds the leave obtained by deceit; its days become absence. */
export async function markDeceit(db: WindowDutyDb, leaveId: string, reason: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'leave.mark_deceit'> = { leaveId, reason: reason.trim(), at: stamp(now()) };
  await enqueueMutation(db, 'leave.mark_deceit', args, user, now);
  return args;
}

/** 销假: back at work from `returnedOn`, with the sick certificate if handed in now. */
export async function closeLeave(
  db: WindowDutyDb,
  input: { leaveId: string; returnedOn: HalfDay; note: string; certificate?: Blob | null },
  user: Actor,
  now: Now = clock,
) {
  const certificate = input.certificate
    ? { ref: await refOf({ blob: input.certificate, kind: 'certificate' }), blob: input.certificate }
    : null;
  const args: MutationArgs<'leave.close'> = {
    leaveId: input.leaveId,
    returnedOn: input.returnedOn,
    note: input.note.trim(),
    certificate: certificate?.ref ?? null,
    at: stamp(now()),
  };
  await enqueueMutation(db, 'leave.close', args, user, now);
  // The server files the certificate on the last approved extension (续假) of the chain: upload it there.
  if (certificate) await keepDocuments(db, await lastOfChain(db, input.leaveId), [certificate], now);
  return args;
}

/** The last approved extension of a leave (or the leave itself), as the server closes the chain. */
async function lastOfChain(db: WindowDutyDb, leaveId: string): Promise<string> {
  const all = await db.leaves.toArray();
  let base = all.find((l) => l.id === leaveId);
  for (let guard = 0; base?.extensionOf && guard < 50; guard++)
    base = all.find((l) => l.id === base!.extensionOf) ?? base;
  let last = base?.id ?? leaveId;
  for (let guard = 0; guard < 50; guard++) {
    const next = all.find((l) => l.extensionOf === last && l.status === 'approved');
    if (!next) break;
    last = next.id;
  }
  return last;
}

/** Name the substitute (替岗) of a leave; the local row starts from the leave's period. */
export async function nameSubstitute(
  db: WindowDutyDb,
  input: {
    leaveId: string;
    substituteStaffId: string | null;
    substituteName: string;
    substitutePhone: string | null;
    from?: HalfDay;
    to?: HalfDay;
  },
  user: Actor,
  now: Now = clock,
) {
  const leave = await db.leaves.get(input.leaveId);
  const args: MutationArgs<'substitute.name'> = {
    id: newId(),
    leaveId: input.leaveId,
    substituteStaffId: input.substituteStaffId,
    substituteName: input.substituteName.trim(),
    substitutePhone: input.substitutePhone?.trim() || null,
    ...((input.from ?? leave) ? { from: input.from ?? leave!.from } : {}),
    ...((input.to ?? leave) ? { to: input.to ?? leave!.to } : {}),
    at: stamp(now()),
  };
  await enqueueMutation(db, 'substitute.name', args, user, now);
  return args;
}

export async function confirmSubstitute(db: WindowDutyDb, id: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'substitute.confirm'> = { id, at: stamp(now()) };
  await enqueueMutation(db, 'substitute.confirm', args, user, now);
  return args;
}

/** The supervision section hands out the temporary badge (临时挂牌). */
export async function issueBadge(db: WindowDutyDb, id: string, badgeNumber: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'substitute.badge_issue'> = { id, badgeNumber: badgeNumber.trim(), at: stamp(now()) };
  await enqueueMutation(db, 'substitute.badge_issue', args, user, now);
  return args;
}

export async function returnBadge(db: WindowDutyDb, id: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'substitute.badge_return'> = { id, at: stamp(now()) };
  await enqueueMutation(db, 'substitute.badge_return', args, user, now);
  return args;
}

/** 临时外出: register leaving. */
export async function startOuting(
  db: WindowDutyDb,
  input: { staffId: string; windowId: string; purpose: string; expectedReturnAt?: Date | null },
  user: Actor,
  now: Now = clock,
) {
  const args: MutationArgs<'outing.start'> = {
    id: newId(),
    staffId: input.staffId,
    windowId: input.windowId,
    purpose: input.purpose.trim(),
    startedAt: stamp(now()),
    expectedReturnAt: input.expectedReturnAt ? stamp(input.expectedReturnAt) : null,
  };
  await enqueueMutation(db, 'outing.start', args, user, now);
  return args;
}

export async function returnFromOuting(db: WindowDutyDb, id: string, user: Actor, now: Now = clock) {
  const args: MutationArgs<'outing.return'> = { id, returnedAt: stamp(now()) };
  await enqueueMutation(db, 'outing.return', args, user, now);
  return args;
}
