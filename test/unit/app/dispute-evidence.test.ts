import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { uploadPendingDisputeFiles } from '../../../src/app/features/assessment/dispute-files';
import { fileDispute } from '../../../src/app/features/assessment/disputes';
import { sha256Hex } from '../../../src/app/features/patrol/photos';
import { applyPullPage } from '../../../src/app/sync/engine';
import { USER_A, WINDOW_1, makeDb } from './helpers';

const VIOLATION = '66666666-6666-4666-8666-666666666662';
const at = () => new Date('2026-11-03T02:00:00.000Z');
const jpeg = (text: string) => new Blob([new Uint8Array([0xff, 0xd8, 0xff]), text], { type: 'image/jpeg' });
const pdf = (text: string) => new Blob([`%PDF-1.4 ${text}`], { type: 'application/pdf' });

describe('dispute evidence on the phone (issue #15 point 11)', () => {
  it('offline: the dispute lists its files by hash and keeps the blobs; they upload once the server has it', async () => {
    const db = makeDb();
    const photo = jpeg('柜台照片');
    const doc = pdf('办件记录');
    const args = await fileDispute(
      db,
      {
        violationId: VIOLATION,
        reason: '当时在办理业务',
        evidence: [{ blob: photo, name: '现场.jpg' }, { blob: doc }],
      },
      USER_A,
      at,
    );
    expect(args.evidence).toEqual([
      { hash: await sha256Hex(photo), mime: 'image/jpeg', name: '现场.jpg' },
      { hash: await sha256Hex(doc), mime: 'application/pdf' },
    ]);
    expect((await db.disputes.get(args.id))!.evidence).toEqual(args.evidence);
    expect((await db.outbox.toArray())[0]!.args).toMatchObject({ evidence: args.evidence });
    expect((await db.dispute_files.toArray()).map((f) => [f.hash, f.uploaded])).toEqual(
      expect.arrayContaining(args.evidence!.map((e) => [e.hash, 0])),
    );

    const calls: { url: string; type: string | null }[] = [];
    let status = 201;
    const fetchFn = async (url: string, init?: RequestInit) => {
      calls.push({ url, type: new Headers(init?.headers).get('content-type') });
      return new Response('{}', { status });
    };
    // Still pending on this phone: nothing is sent (the server would not list the files yet).
    expect(await uploadPendingDisputeFiles(db, fetchFn)).toBe(0);
    expect(calls).toHaveLength(0);

    // Applied and pulled back: the files go, each with its own type, to the dispute's address.
    await db.outbox.clear();
    await applyPullPage(db, {
      serverTime: '2026-11-03T03:00:00.000Z',
      changes: [
        {
          seq: 1,
          entity: 'disputes',
          id: args.id,
          op: 'upsert',
          data: {
            ...args,
            windowId: WINDOW_1,
            month: '2026-10',
            filedBy: USER_A.id,
            filedByName: USER_A.displayName,
            status: 'pending',
            decidedBy: null,
            decidedByName: null,
            decisionReason: null,
            decidedAt: null,
          },
        },
      ],
      cursor: 1,
      hasMore: false,
    });
    status = 201;
    expect(await uploadPendingDisputeFiles(db, fetchFn)).toBe(2);
    expect(calls.map((c) => c.type).sort()).toEqual(['application/pdf', 'image/jpeg']);
    expect(calls.every((c) => c.url.startsWith('/api/dispute-files/') && c.url.includes(`disputeId=${args.id}`))).toBe(
      true,
    );
    expect((await db.dispute_files.toArray()).every((f) => f.uploaded === 1)).toBe(true);
    expect(await uploadPendingDisputeFiles(db, fetchFn)).toBe(0); // nothing left
  });

  it('a file type the server would refuse is refused on the phone, and nothing is queued', async () => {
    const db = makeDb();
    await expect(
      fileDispute(
        db,
        { violationId: VIOLATION, reason: '理由', evidence: [{ blob: new Blob(['<html>'], { type: 'text/html' }) }] },
        USER_A,
        at,
      ),
    ).rejects.toThrow(/unsupported file type/);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.dispute_files.count()).toBe(0);
  });

  it('a refused upload is kept and marked, not retried; offline stops the run', async () => {
    const db = makeDb();
    const args = await fileDispute(
      db,
      { violationId: VIOLATION, reason: '理由', evidence: [{ blob: pdf('x') }] },
      USER_A,
      at,
    );
    await db.outbox.clear();
    await db.disputes.update(args.id, { syncState: 'synced' });
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await uploadPendingDisputeFiles(db, offline)).toBe(0);
    expect((await db.dispute_files.toArray())[0]!.uploaded).toBe(0);
    const refusing = async () =>
      new Response(JSON.stringify({ error: 'unsupported_content', message: 'no' }), {
        status: 415,
        headers: { 'content-type': 'application/json' },
      });
    expect(await uploadPendingDisputeFiles(db, refusing)).toBe(0);
    expect((await db.dispute_files.toArray())[0]!.uploaded).toBe(2);
  });
});
