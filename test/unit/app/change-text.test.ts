import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEME, MUTATIONS } from '../../../src/domain';
import type { OutboxEntry } from '../../../src/app/db/database';
import { copyText, describeChange, type ChangeContext } from '../../../src/app/screens/change-text';
import { STAFF_1, USER_A, WINDOW_1, violationArgs } from './helpers';

const ctx: ChangeContext = {
  lookups: {
    windows: new Map([
      [WINDOW_1, { number: 'A07', name: '社保窗口', floorId: 'f', position: 7, department: '人社局' }],
    ]),
    staff: new Map([[STAFF_1, { name: '张三', windowId: WINDOW_1, post: 'A' }]]),
    items: new Map(DEFAULT_SCHEME.items.map((i) => [i.code, i])),
    scheme: DEFAULT_SCHEME,
  },
  leaves: new Map(),
  violations: new Map(),
};

const record = violationArgs({
  staffId: STAFF_1,
  itemCode: DEFAULT_SCHEME.items[0]!.code,
  note: '早餐',
  observedAt: '2026-12-01T01:00:00.000Z',
});
const entry = (name: string, args: unknown, extra: Partial<OutboxEntry> = {}): OutboxEntry =>
  ({
    seq: 1,
    id: crypto.randomUUID(),
    name,
    userId: USER_A.id,
    createdAt: '2026-12-01T01:00:00.000Z',
    args,
    state: 'stuck',
    attempts: 3,
    ...extra,
  }) as OutboxEntry;

describe('how a queued change reads for its user', () => {
  it('names no mutation nor code on screen, in either language', () => {
    for (const name of Object.keys(MUTATIONS)) {
      for (const lang of ['zh', 'en'] as const) {
        const text = describeChange(
          entry(name, { id: record.id, leaveId: record.id, violation: record, reason: '理由' }),
          ctx,
          lang,
        );
        expect(text).not.toContain(name);
        expect(text).not.toMatch(/[a-z]+\.[a-z_]+/);
        expect(text.trim()).not.toBe('');
      }
    }
  });

  it('copies a stuck record as readable lines (window, person, item, note, what happened), then the change for the administrator', () => {
    const stuck = entry('violation.record', record, {
      stuck: { kind: 'server_error', status: 500, at: '2026-12-01T02:00:00.000Z' },
    });
    const text = copyText(stuck, ctx, 'zh');
    const [what, when, note, status] = text.split('\n');
    expect(what).toBe(`内容: A07 社保窗口 · 张三 · ${DEFAULT_SCHEME.items[0]!.name.zh} × 1`);
    expect(when).toMatch(/^时间: 2026/);
    expect(note).toBe('备注: 早餐');
    expect(status).toMatch(/^状态: 服务器多次处理这项更改时出错/);
    expect(text).toContain(`"id": "${stuck.id}"`);
    expect(copyText(stuck, ctx, 'en').split('\n')[0]).toContain('A07');
  });
});
