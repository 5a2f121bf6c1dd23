import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrate } from '../../src/server/db/migrate';
import { openPostgres } from '../../src/server/db/postgres';
import type { Db } from '../../src/server/db/types';
import { DEMO_SIGN_INS, seedDemoCenter } from '../../src/server/seed/demo-center';
import { describeEachTarget, type OpenedDatabase } from './support/databases';

describeEachTarget('migrations and seed', (target) => {
  let opened: OpenedDatabase;
  let db: Db;

  beforeAll(async () => {
    opened = await target.open();
    db = opened.db;
  });
  afterAll(() => opened?.dispose());

  it('apply once and are idempotent', async () => {
    const first = await migrate(db);
    expect(first.applied).toContain('0001_initial.sql');
    const second = await migrate(db);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(first.applied.length);
    const tables = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = current_schema() order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        'floors',
        'login_attempts',
        'mutations',
        'schema_migrations',
        'schemes',
        'sessions',
        'staff',
        'users',
        'violations',
        'windows',
      ]),
    );
  });

  it('concurrent migrations (two connections) do not race', async () => {
    // On PostgreSQL: a second pool, as a second server process would have.
    const other = opened.url ? await openPostgres(opened.url) : db;
    try {
      const results = await Promise.all([migrate(db), migrate(other), migrate(db)]);
      for (const r of results) expect(r.applied).toEqual([]);
    } finally {
      if (other !== db) await other.close();
    }
  });

  it('seeds the demo center once', async () => {
    const first = await seedDemoCenter(db);
    expect(first).toMatchObject({ seeded: true, floors: 2, users: DEMO_SIGN_INS.length });
    expect(first.windows).toBeGreaterThanOrEqual(20);
    expect(first.staff).toBeGreaterThanOrEqual(45);
    expect((await seedDemoCenter(db)).seeded).toBe(false);
    const [row] = await db.query<{ kinds: number; roles: number; sizes: number[] }>(
      `select (select count(distinct kind) from windows) as kinds,
              (select count(distinct role) from users) as roles,
              (select array_agg(distinct n) from (select count(*)::int as n from staff group by window_id) s) as sizes`,
    );
    expect(row!.kinds).toBe(2);
    expect(row!.roles).toBe(6);
    expect(row!.sizes).toEqual(expect.arrayContaining([1, 2, 3, 4]));
  });

  it('seqs: one shared sequence, re-stamped on update', async () => {
    const [before] = await db.query<{ seq: number }>(`select seq from floors where level = 1`);
    expect(typeof before!.seq).toBe('number');
    await db.query(`update floors set name = '一楼大厅' where level = 1`);
    const [after] = await db.query<{ seq: number; max: number }>(
      `select seq, (select max(seq) from staff) as max from floors where level = 1`,
    );
    expect(after!.seq).toBeGreaterThan(after!.max);
  });
});
