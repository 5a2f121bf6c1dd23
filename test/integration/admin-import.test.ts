import { afterAll, beforeAll, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { DEMO_IDS } from '../../src/server/seed/demo-center';
import { describeEachTarget } from './support/databases';
import { createHarness, type Harness } from './support/harness';
import { pullAll } from './support/sync';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const data = rows.map((r) => r.map((value) => (value === null ? null : { value })));
  return (await writeXlsxFile(data as never).toBuffer()) as Buffer;
}

const csv = (rows: string[][]) =>
  Buffer.from(
    '\uFEFF' +
      rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n') +
      '\r\n',
  );

const WINDOW_HEADER = ['楼层', '窗口号', '窗口名称', '部门', '类型', '顺序'];
const GOOD_WINDOWS = [
  ['一楼', '113', '综合咨询', '行政审批局', '行政审批', ''],
  [1, '101', '户籍办理', '公安局', '公共服务', ''], // exactly as seeded
  ['2', '201', '企业开办专区', '市场监管局', 'approval', 7], // renamed and moved
];
const BAD_WINDOWS = [
  ['五楼', '501', '不存在的楼层', '税务局', '审批', ''],
  ['一楼', '114', '无部门', '', '审批', ''],
  ['一楼', '115', '怪类型', '税务局', '其他', ''],
  ['一楼', '113', '重复', '税务局', '审批', ''],
  ['一楼', '116', '坏顺序', '税务局', '审批', 'x'],
];

describeEachTarget('admin import', (target) => {
  let h: Harness;
  let su: string;
  const send = (step: 'preview' | 'commit', body: Buffer, type: string, query = '') =>
    h.app.inject({
      method: 'POST',
      url: `/api/admin/import/${step}${query}`,
      headers: { cookie: su, 'content-type': type, 'x-file-name': encodeURIComponent('窗口.xlsx') },
      payload: body,
    });
  const count = async (table: string) =>
    (await h.db.query<{ n: number }>(`select count(*)::int as n from ${table} where deleted_at is null`))[0]!.n;
  const maxSeq = async () =>
    (
      await h.db.query<{ s: number }>(
        'select max(seq)::int as s from (select seq from windows union all select seq from staff) x',
      )
    )[0]!.s;
  const auditCount = async () => (await h.db.query<{ n: number }>('select count(*)::int as n from audit_log'))[0]!.n;

  beforeAll(async () => {
    h = await createHarness(target);
    su = await h.loginAs('super1');
  });
  afterAll(() => h?.close());

  it('windows .xlsx: preview names each bad row and writes nothing; commit refuses; the fixed file applies; re-import changes nothing', async () => {
    const windowsBefore = await count('windows');
    const seqBefore = await maxSeq();
    const bad = await xlsx([WINDOW_HEADER, ...GOOD_WINDOWS, ...BAD_WINDOWS]);

    const preview = await send('preview', bad, XLSX);
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.kind).toBe('windows');
    expect(p.summary).toEqual({ create: 1, update: 1, unchanged: 1, error: 5 });
    const byRow = new Map(p.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow.get(2)).toMatchObject({ action: 'create', errors: [] });
    expect(byRow.get(3)).toMatchObject({ action: 'unchanged' });
    expect(byRow.get(4)).toMatchObject({ action: 'update' });
    expect((byRow.get(5) as { errors: string[] }).errors.join()).toMatch(/unknown floor "五楼"/);
    expect((byRow.get(6) as { errors: string[] }).errors.join()).toMatch(/missing department/);
    expect((byRow.get(7) as { errors: string[] }).errors.join()).toMatch(/unknown kind "其他"/);
    expect((byRow.get(8) as { errors: string[] }).errors.join()).toMatch(/duplicate window 113 .*row 2/);
    expect((byRow.get(9) as { errors: string[] }).errors.join()).toMatch(/bad position/);
    expect(await count('windows')).toBe(windowsBefore);

    const refused = await send('commit', bad, XLSX);
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'import_has_errors', details: { summary: { error: 5 } } });
    expect(await count('windows')).toBe(windowsBefore);
    expect(await maxSeq()).toBe(seqBefore);

    const duty = await h.loginAs('duty1');
    const { cursor } = await pullAll(h.app, duty);
    const good = await xlsx([WINDOW_HEADER, ...GOOD_WINDOWS]);
    const applied = await send('commit', good, XLSX);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, summary: { create: 1, update: 1, unchanged: 1, error: 0 } });
    expect(await count('windows')).toBe(windowsBefore + 1);
    const w201 = (
      await h.db.query<{ name: string; position: number }>('select name, position from windows where id = $1', [
        DEMO_IDS.window201,
      ])
    )[0];
    expect(w201).toEqual({ name: '企业开办专区', position: 7 });
    const created = (
      await h.db.query<{ id: string; position: number }>(`select id, position from windows where number = '113'`)
    )[0]!;
    expect(created.position).toBe(12); // after the floor's last window (positions 0–11)
    const audit = await h.db.query<{
      action: string;
      entity: string;
      entity_id: string | null;
      after: { file?: string };
    }>('select action, entity, entity_id, after from audit_log order by id desc limit 3');
    expect(audit.map((a) => a.action)).toEqual(['import', 'update', 'create']);
    expect(audit[0]!.after.file).toBe('窗口.xlsx');
    expect(audit[2]).toMatchObject({ entity: 'window', entity_id: created.id });
    const pulled = await pullAll(h.app, duty, cursor);
    expect(pulled.changes.map((c) => c.id)).toEqual(expect.arrayContaining([created.id, DEMO_IDS.window201]));

    const seq = await maxSeq();
    const audits = await auditCount();
    const again = await send('commit', good, XLSX);
    expect(again.statusCode).toBe(200);
    expect(again.json().summary).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
    expect(await maxSeq()).toBe(seq);
    expect(await auditCount()).toBe(audits);
    expect(await count('windows')).toBe(windowsBefore + 1);
  });

  it('staff .csv: missing window, duplicate staff, unknown post and department; fixed file applies; re-import changes nothing', async () => {
    const [existing] = await h.db.query<{ name: string; phone: string | null }>(
      'select name, phone from staff where id = $1',
      [DEMO_IDS.window102StaffA],
    );
    const header = ['窗口号', '姓名', '岗位', '电话', '部门'];
    const good = [
      ['113', '赵新民', 'A', '13900001111', ''],
      ['102', existing!.name, 'A', existing!.phone ?? '', '公安局'],
      ['113', '钱多多', 'B岗', '', '行政审批局'],
    ];
    const badRows = [
      ['999', '孙八', 'A', '', ''],
      ['113', '赵新民', 'B', '', ''],
      ['113', '李九', 'E', '', ''],
      ['101', '周十', 'A', '', '税务局'],
      ['', '', '', '', ''], // blank line: skipped
      ['113', '', 'A', '', ''],
    ];
    const staffBefore = await count('staff');
    const preview = await send('preview', csv([header, ...good, ...badRows]), 'text/csv');
    expect(preview.statusCode).toBe(200);
    const p = preview.json();
    expect(p.kind).toBe('staff');
    expect(p.summary).toEqual({ create: 2, update: 0, unchanged: 1, error: 5 });
    const errors = (row: number) => p.rows.find((r: { row: number }) => r.row === row).errors.join();
    expect(errors(5)).toMatch(/missing window 999/);
    expect(errors(6)).toMatch(/duplicate staff 赵新民 .*row 2/);
    expect(errors(7)).toMatch(/unknown post "E"/);
    expect(errors(8)).toMatch(/unknown department "税务局"/);
    expect(errors(10)).toMatch(/missing name/);
    expect((await send('commit', csv([header, ...good, ...badRows]), 'text/csv')).statusCode).toBe(422);
    expect(await count('staff')).toBe(staffBefore);

    const ok = await send('commit', csv([header, ...good]), 'text/csv');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().summary).toEqual({ create: 2, update: 0, unchanged: 1, error: 0 });
    expect(await count('staff')).toBe(staffBefore + 2);
    const added = await h.db.query<{ name: string; post: string; phone: string | null }>(
      `select s.name, s.post, s.phone from staff s join windows w on w.id = s.window_id where w.number = '113' order by s.name`,
    );
    expect(added).toEqual(
      [
        { name: '赵新民', post: 'A', phone: '13900001111' },
        { name: '钱多多', post: 'B', phone: null },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );

    const seq = await maxSeq();
    const again = await send('commit', csv([header, ...good]), 'text/csv');
    expect(again.json().summary).toEqual({ create: 0, update: 0, unchanged: 3, error: 0 });
    expect(await maxSeq()).toBe(seq);

    // A changed phone is an update, matched on name + window.
    const changed = await send('commit', csv([header, ['113', '赵新民', 'A', '13900002222', '']]), 'text/csv');
    expect(changed.json().summary).toEqual({ create: 0, update: 1, unchanged: 0, error: 0 });
    expect(await count('staff')).toBe(staffBefore + 2);
  });

  it('bad files: empty, unknown header, missing columns, JSON body, old .xls, broken .xlsx', async () => {
    expect((await send('preview', Buffer.alloc(0), 'text/csv')).statusCode).toBe(400);
    expect(
      (
        await send(
          'preview',
          csv([
            ['a', 'b'],
            ['1', '2'],
          ]),
          'text/csv',
        )
      ).json().error,
    ).toBe('unknown_format');
    const missing = await send(
      'preview',
      csv([
        ['窗口号', '姓名'],
        ['101', '张三'],
      ]),
      'text/csv',
      '?kind=staff',
    );
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: 'missing_columns', details: { missing: ['post'] } });
    const json = await h.app.inject({
      method: 'POST',
      url: '/api/admin/import/preview',
      headers: { cookie: su },
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(415);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(100)]);
    expect((await send('preview', xls, 'application/vnd.ms-excel')).json().error).toBe('unsupported_file');
    const broken = Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100)]);
    expect((await send('preview', broken, XLSX)).json().error).toBe('unreadable_file');
    expect((await send('preview', csv([WINDOW_HEADER]), 'text/csv', '?kind=nope')).statusCode).toBe(400);
  });

  it('only supervision may import; unauthenticated 401', async () => {
    const file = csv([WINDOW_HEADER, ['一楼', '120', 'x', 'y', '审批', '']]);
    for (const [username, status] of [
      ['leader1', 403],
      ['duty1', 403],
      ['staff1', 403],
    ] as const) {
      const cookie = await h.loginAs(username);
      for (const step of ['preview', 'commit']) {
        const res = await h.app.inject({
          method: 'POST',
          url: `/api/admin/import/${step}`,
          headers: { cookie, 'content-type': 'text/csv' },
          payload: file,
        });
        expect(res.statusCode, `${username} ${step}`).toBe(status);
      }
    }
    const anon = await h.app.inject({
      method: 'POST',
      url: '/api/admin/import/commit',
      headers: { 'content-type': 'text/csv' },
      payload: file,
    });
    expect(anon.statusCode).toBe(401);
  });
});
