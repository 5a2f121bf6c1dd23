import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/app/db/database';
import {
  assessMonth,
  monthInputFromRecords,
  summarizeVersion,
  windowExplanationResult,
} from '../../../src/domain/assessment';
import { DEFAULT_SCHEME } from '../../../src/domain/scheme';
import { WINDOW_2 } from './helpers';
import { USER_A, WINDOW_1, violationArgs } from './helpers';

/** The stores as a phone had them at schema version 7 (before the violations' windowId index was dropped). */
const VERSION_7 = {
  floors: 'id, level',
  windows: 'id, floorId, position',
  staff: 'id, windowId',
  schemes: 'id, version',
  violations: 'id, windowId, observedAt',
  outbox: '++seq, &id, [userId+state], rowKey',
  meta: 'key',
  rounds: 'id, leaderId, floorId, day',
  duty_roster: 'id, month, floorId',
  photos: '[violationId+hash], violationId, uploaded',
  leaves: 'id, staffId, windowId',
  substitutes: 'id, leaveId, windowId',
  outings: 'id, staffId, windowId',
  leave_files: '[leaveId+hash], leaveId, uploaded',
  assessments: 'id, month, [month+version]',
  disputes: 'id, violationId, month',
  bonuses: 'id, month',
};

describe('a phone upgrading its database', () => {
  it('from version 7 keeps every record and queued change, and drops the windowId index of violations', async () => {
    const name = `window-duty-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    old.version(7).stores(VERSION_7);
    const synced = { ...violationArgs(), recordedBy: USER_A.id, syncState: 'synced' };
    const pending = { ...violationArgs({ windowId: WINDOW_1 }), recordedBy: USER_A.id, syncState: 'pending' };
    await old.table('violations').bulkAdd([synced, pending]);
    await old.table('outbox').add({
      id: crypto.randomUUID(),
      name: 'violation.record',
      userId: USER_A.id,
      createdAt: pending.deviceRecordedAt,
      args: pending,
      state: 'pending',
      attempts: 0,
      rowKey: `violations:${pending.id}`,
    });
    old.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(12);
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
    const rows = [0, 1, 2, 3].map((i) => ({
      ...violationArgs({ note: `row ${i}` }),
      recordedBy: USER_A.id,
      syncState: i === 0 ? 'synced' : 'pending',
    }));
    await old.table('violations').bulkAdd(rows);
    const entry = (row: (typeof rows)[number], state: string) => ({
      id: crypto.randomUUID(),
      name: 'violation.record',
      userId: USER_A.id,
      createdAt: row.deviceRecordedAt,
      args: row,
      state,
      attempts: 1,
      rowKey: `violations:${row.id}`,
    });
    const entries = [entry(rows[1]!, 'pending'), entry(rows[2]!, 'rejected'), entry(rows[3]!, 'sending')];
    await old.table('outbox').bulkAdd(entries);
    await old.table('meta').put({ key: 'clockSkewMs', value: 86_400_000 });
    old.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(12);
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

/**
 * Every schema step as database.ts declares it (stores added or changed per version). A new
 * version there fails the length check below until it is added here, with its rows.
 */
const STEPS: Record<string, string>[] = [
  {
    floors: 'id, level',
    windows: 'id, floorId, position',
    staff: 'id, windowId',
    schemes: 'id, version',
    violations: 'id, windowId, recordedBy, observedAt, syncState',
    outbox: '++seq, &id, userId, state, createdAt',
    meta: 'key',
  },
  { rounds: 'id, leaderId, floorId, day', duty_roster: 'id, month, floorId' },
  { outbox: '++seq, &id, userId, state, createdAt, [userId+state], rowKey' },
  { photos: '[violationId+hash], violationId, uploaded' },
  { outbox: '++seq, &id, [userId+state], rowKey', violations: 'id, windowId, observedAt' },
  {
    leaves: 'id, staffId, windowId',
    substitutes: 'id, leaveId, windowId',
    outings: 'id, staffId, windowId',
    leave_files: '[leaveId+hash], leaveId, uploaded',
  },
  { assessments: 'id, month, [month+version]', disputes: 'id, violationId, month', bonuses: 'id, month' },
  { violations: 'id, observedAt' },
  {}, // 9: outbox entries may be 'stuck' (no store changes; unknown states go back to pending)
  { journal: 'id, ackedAt' },
  { dispute_files: '[disputeId+hash], disputeId, uploaded' }, // 11: dispute evidence (issue #15)
  { explanations: 'key, versionId, openedAt' }, // 12: versions kept as summaries, explanations on demand (#14 §4)
];

/** One row for a table, with the fields its keys and indexes name. */
function rowFor(table: string, i: number): Record<string, unknown> {
  const id = `${table}-${i}`;
  switch (table) {
    case 'photos':
      return {
        violationId: `v-${i}`,
        hash: `h-${i}`,
        blob: new Uint8Array([i]),
        uploaded: 0,
        createdAt: '2026-03-02T01:00:00.000Z',
      };
    case 'leave_files':
      return {
        leaveId: `l-${i}`,
        hash: `h-${i}`,
        mime: 'application/pdf',
        blob: new Uint8Array([i]),
        uploaded: 0,
        createdAt: '2026-03-02T01:00:00.000Z',
      };
    case 'dispute_files':
      return {
        disputeId: `d-${i}`,
        hash: `h-${i}`,
        mime: 'image/jpeg',
        blob: new Uint8Array([i]),
        uploaded: 0,
        createdAt: '2026-03-02T01:00:00.000Z',
      };
    case 'meta':
      return { key: `k-${i}`, value: { cursor: i } };
    case 'outbox':
      throw new Error('outbox rows are made by the test');
    default:
      return {
        id,
        level: 1,
        floorId: 'f',
        windowId: 'w',
        position: 1,
        version: 1,
        observedAt: '2026-03-02T01:00:00.000Z',
        recordedBy: USER_A.id,
        syncState: 'pending',
        leaderId: 'u',
        day: '2026-03-02',
        month: '2026-03',
        staffId: 's',
        leaveId: 'l',
        violationId: 'v',
      };
  }
}

describe('a phone upgrading to version 12 (#14 §4)', () => {
  it('keeps its published versions as summaries and the explanations of its own window; drops the cached summaries', async () => {
    const name = `window-duty-upgrade-${Math.random().toString(36).slice(2)}`;
    const old = new Dexie(name);
    for (let v = 1; v <= 11; v++) old.version(v).stores(STEPS[v - 1]!);
    const result = assessMonth(
      monthInputFromRecords({
        month: '2026-02',
        zone: 'Asia/Shanghai',
        scheme: DEFAULT_SCHEME,
        windows: [WINDOW_1, WINDOW_2].map((id, i) => ({
          id,
          floorId: 'f',
          number: `10${i + 1}`,
          name: `窗口${i + 1}`,
          department: '局',
          kind: 'approval' as const,
          position: i,
        })),
        staff: [],
        violations: [
          {
            ...violationArgs({ windowId: WINDOW_2, itemCode: 'GAMING', observedAt: '2026-02-03T02:00:00.000Z' }),
            status: 'active' as const,
          },
        ],
      }),
    );
    const version = {
      id: crypto.randomUUID(),
      month: '2026-02',
      version: 1,
      schemeVersion: 1,
      dataAsOf: '2026-03-01T00:00:00.000Z',
      reason: null,
      approvedBy: null,
      approvedByName: null,
      approvedAt: null,
      publishedBy: USER_A.id,
      publishedByName: '督查科',
      publishedAt: '2026-03-01T00:00:00.000Z',
      result,
    };
    await old.table('assessments').add(version);
    await old.table('meta').bulkAdd([
      { key: 'profile', value: { id: USER_A.id, windowId: WINDOW_2, staffId: null } },
      { key: `ranking:${version.id}`, value: { cached: true } },
      { key: 'cursor', value: 42 },
    ]);
    const synced = { ...violationArgs(), recordedBy: USER_A.id, syncState: 'synced' };
    await old.table('violations').add(synced);
    old.close();

    const db = createDatabase(name);
    await db.open();
    expect(db.verno).toBe(12);
    const [row] = await db.assessments.toArray();
    expect(row).toEqual(summarizeVersion(version));
    expect(row!.result.windows.every((w) => !('sheet' in w))).toBe(true);
    const explanations = await db.explanations.toArray();
    expect(explanations.map((e) => [e.key, e.windowId, e.month, e.version])).toEqual([
      [`${version.id}:${WINDOW_2}`, WINDOW_2, '2026-02', 1],
    ]);
    expect(explanations[0]!.result).toEqual(windowExplanationResult(result, WINDOW_2));
    expect(await db.meta.get(`ranking:${version.id}`)).toBeUndefined();
    expect((await db.meta.get('cursor'))?.value).toBe(42);
    expect((await db.violations.toArray()).map((v) => v.id)).toEqual([synced.id]);
    db.close();
  });
});

describe('a phone upgrading from any earlier schema version', () => {
  it('declares as many versions as this test knows', async () => {
    const db = createDatabase(`window-duty-verno-${Math.random().toString(36).slice(2)}`);
    await db.open();
    expect(db.verno).toBe(STEPS.length);
    // The app declares only the versions with an upgrade: what a new phone gets is what every
    // step, declared one by one, makes.
    const stepwise = new Dexie(`window-duty-stepwise-${Math.random().toString(36).slice(2)}`);
    STEPS.forEach((step, i) => stepwise.version(i + 1).stores(step));
    await stepwise.open();
    expect(installedSchema(db.backendDB())).toEqual(installedSchema(stepwise.backendDB()));
    stepwise.close();
    db.close();
  });

  for (let from = 1; from < STEPS.length; from++) {
    it(`from version ${from} keeps every row and every queued change (all steps to ${STEPS.length})`, async () => {
      const name = `window-duty-steps-${from}-${Math.random().toString(36).slice(2)}`;
      const old = new Dexie(name);
      for (let v = 1; v <= from; v++) old.version(v).stores(STEPS[v - 1]!);
      await old.open();
      const tables = old.tables.map((t) => t.name).filter((t) => t !== 'outbox');
      const written: Record<string, Record<string, unknown>[]> = {};
      for (const t of tables) {
        written[t] = [rowFor(t, 1), rowFor(t, 2)];
        await old.table(t).bulkAdd(written[t]!);
      }
      const pending = { ...violationArgs(), recordedBy: USER_A.id };
      // From version 3 on the app writes rowKey itself; before, the step to 3 fills it in.
      const key = (rowKey: string) => (from >= 3 ? { rowKey } : {});
      const outbox = [
        {
          id: crypto.randomUUID(),
          name: 'violation.record',
          userId: USER_A.id,
          createdAt: '2026-03-02T01:00:00.000Z',
          args: pending,
          state: 'pending',
          attempts: 0,
          ...key(`violations:${pending.id}`),
        },
        {
          id: crypto.randomUUID(),
          name: 'round.start',
          userId: USER_A.id,
          createdAt: '2026-03-02T01:01:00.000Z',
          args: { id: 'r-1' },
          state: 'rejected',
          attempts: 2,
          code: 'closed',
          reason: 'x',
          ...key('rounds:r-1'),
        },
        {
          id: crypto.randomUUID(),
          name: 'leave.request',
          userId: USER_A.id,
          createdAt: '2026-03-02T01:02:00.000Z',
          args: { id: 'l-9' },
          state: 'pending',
          attempts: 0,
          ...key('leaves:l-9'),
        },
      ];
      await old.table('outbox').bulkAdd(outbox);
      old.close();

      const db = createDatabase(name);
      await db.open();
      expect(db.verno).toBe(STEPS.length);
      for (const t of tables) {
        const rows = await db.table(t).toArray();
        expect(rows, t).toHaveLength(2);
        expect(rows, t).toEqual(expect.arrayContaining(written[t]!));
      }
      const entries = await db.outbox.orderBy('seq').toArray();
      expect(entries.map((e) => e.id)).toEqual(outbox.map((e) => e.id)); // same order: the queue replays in it
      expect(entries.map(({ seq: _seq, rowKey: _rowKey, ...rest }) => rest)).toEqual(
        outbox.map(({ rowKey: _rowKey, ...rest }) => rest),
      );
      // rowKey kept, or filled in by the step to 3 for what it knows (violations and rounds).
      expect(entries.map((e) => e.rowKey)).toEqual([
        `violations:${pending.id}`,
        'rounds:r-1',
        from >= 3 ? 'leaves:l-9' : undefined,
      ]);
      expect(await db.outbox.where('[userId+state]').equals([USER_A.id, 'pending']).count()).toBe(2);
      // The stores and indexes IndexedDB now holds are those of a phone installed today.
      const fresh = createDatabase(`window-duty-fresh-${Math.random().toString(36).slice(2)}`);
      await fresh.open();
      expect(installedSchema(db.backendDB())).toEqual(installedSchema(fresh.backendDB()));
      fresh.close();
      db.close();
    });
  }
});

/** Each object store IndexedDB holds: its key path, auto-increment and indexes (name, key path, unique, multi-entry). */
function installedSchema(idb: IDBDatabase): Record<string, unknown> {
  const names = [...idb.objectStoreNames].filter((name) => name !== '$meta').sort();
  const tx = idb.transaction(names, 'readonly');
  return Object.fromEntries(
    names.map((name) => {
      const store = tx.objectStore(name);
      const indexes = [...store.indexNames].sort().map((index) => {
        const { keyPath, unique, multiEntry } = store.index(index);
        return { index, keyPath, unique, multiEntry };
      });
      return [name, { keyPath: store.keyPath, autoIncrement: store.autoIncrement, indexes }];
    }),
  );
}
