import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/app/db/database';
import { USER_A, WINDOW_1, violationArgs } from './helpers';

/** The stores as a phone had them at schema version 7 (before the violations' windowId index was dropped). */
const VERSION_7 = {
  floors: 'id, level', windows: 'id, floorId, position', staff: 'id, windowId', schemes: 'id, version',
  violations: 'id, windowId, observedAt', outbox: '++seq, &id, [userId+state], rowKey', meta: 'key',
  rounds: 'id, leaderId, floorId, day', duty_roster: 'id, month, floorId', photos: '[violationId+hash], violationId, uploaded',
  leaves: 'id, staffId, windowId', substitutes: 'id, leaveId, windowId', outings: 'id, staffId, windowId', leave_files: '[leaveId+hash], leaveId, uploaded',
  assessments: 'id, month, [month+version]', disputes: 'id, violationId, month', bonuses: 'id, month',
};

describe('a phone upgrading its database', () => {
  it('from version 7 keeps every record and queued change, and drops the windowId index of violations', async () => {
    const name = `window-duty-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(7).stores(VERSION_7);
    const synced = { ...violationArgs(), recordedBy: USER_A.id, syncState: 'synced' };
    const pending = { ...violationArgs({ windowId: WINDOW_1 }), recordedBy: USER_A.id, syncState: 'pending' };
    await old.table('violations').bulkAdd([synced, pending]);
    await old.table('outbox').add({ id: crypto.randomUUID(), name: 'violation.record', userId: USER_A.id, createdAt: pending.deviceRecordedAt, args: pending, state: 'pending', attempts: 0, rowKey: `violations:${pending.id}` });
    old.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect((await db.violations.toArray()).map((v) => v.id).sort()).toEqual([synced.id, pending.id].sort());
    expect(await db.outbox.where('rowKey').equals(`violations:${pending.id}`).count()).toBe(1);
    const store = db.backendDB().transaction('violations', 'readonly').objectStore('violations');
    expect([...store.indexNames]).toEqual(['observedAt']);
    expect(await db.violations.where('observedAt').equals(synced.observedAt).count()).toBe(2);
    db.close();
  });

  it('from version 8 to 9 keeps every row and every queued, refused or stuck change; an entry of no known state goes back to pending', async () => {
    const name = `window-duty-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(8).stores({ ...VERSION_7, violations: 'id, observedAt' });
    const rows = [0, 1, 2, 3].map((i) => ({ ...violationArgs({ note: `row ${i}` }), recordedBy: USER_A.id, syncState: i === 0 ? 'synced' : 'pending' }));
    await old.table('violations').bulkAdd(rows);
    const entry = (row: (typeof rows)[number], state: string) => ({
      id: crypto.randomUUID(), name: 'violation.record', userId: USER_A.id, createdAt: row.deviceRecordedAt, args: row, state, attempts: 1, rowKey: `violations:${row.id}`,
    });
    const entries = [entry(rows[1]!, 'pending'), entry(rows[2]!, 'rejected'), entry(rows[3]!, 'sending')];
    await old.table('outbox').bulkAdd(entries);
    await old.table('meta').put({ key: 'clockSkewMs', value: 86_400_000 });
    old.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(9);
    expect((await db.violations.toArray()).map((v) => v.id).sort()).toEqual(rows.map((r) => r.id).sort());
    const after = await db.outbox.orderBy('seq').toArray();
    expect(after.map((e) => [e.id, e.state])).toEqual([
      [entries[0]!.id, 'pending'],
      [entries[1]!.id, 'rejected'],
      [entries[2]!.id, 'pending'],
    ]);
    expect(after.map((e) => e.args)).toEqual(entries.map((e) => e.args));
    expect(await db.outbox.where('[userId+state]').equals([USER_A.id, 'pending']).count()).toBe(2);
    expect((await db.meta.get('clockSkewMs'))?.value).toBe(86_400_000);
    db.close();
  });
});
