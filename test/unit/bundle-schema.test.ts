import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BundleSchema, bundleJsonSchema, bundleProblems, type Bundle } from '../../src/domain/bundle/schema';
import { DEFAULT_SCHEME } from '../../src/domain/scheme';

const root = join(import.meta.dirname, '..', '..');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('the center bundle', () => {
  it('docs/bundle.schema.json is the JSON Schema generated from the zod schema (regenerate: npm run -s cli -- bundle-schema > docs/bundle.schema.json)', () => {
    expect(JSON.parse(readFileSync(join(root, 'docs', 'bundle.schema.json'), 'utf8'))).toEqual(bundleJsonSchema());
  });

  const minimal: Bundle = {
    format: 'window-duty-bundle',
    version: 1,
    exportedAt: '2026-11-05T00:00:00.000Z',
    floors: [{ id: id(1), name: '一楼', level: 1 }],
    windows: [
      {
        id: id(2),
        floorId: id(1),
        number: '101',
        name: '户籍',
        department: '公安局',
        kind: 'public_service',
        position: 0,
      },
    ],
    staff: [{ id: id(3), name: '张三', windowId: id(2), post: 'A', phone: null }],
    schemes: [{ id: id(4), version: 1, effectiveFrom: '2026-01', scheme: DEFAULT_SCHEME }],
    violations: [
      {
        id: id(5),
        windowId: id(2),
        staffId: id(3),
        substituteFor: null,
        itemCode: 'EATING',
        count: 1,
        observedAt: '2026-10-05T02:00:00.000Z',
        note: '',
        source: 'patrol',
        status: 'active',
        recordedBy: id(9),
        recordedByName: 'x',
      },
    ],
    disputes: [],
    bonuses: [],
    disqualifications: [],
    dutyPatrols: [],
  };

  it('a consistent bundle parses and has no problems', () => {
    expect(BundleSchema.parse(minimal)).toEqual(minimal);
    expect(bundleProblems(minimal)).toEqual([]);
  });

  it.each([
    ['a window on an unknown floor', { windows: [{ ...minimal.windows[0]!, floorId: id(99) }] }, 'windows[0].floorId'],
    ['a duplicate id', { staff: [minimal.staff[0]!, minimal.staff[0]!] }, 'staff[1].id'],
    [
      'a dispute of an unknown record',
      {
        disputes: [
          {
            id: id(6),
            violationId: id(98),
            reason: 'r',
            filedAt: minimal.exportedAt,
            filedBy: id(9),
            filedByName: 'x',
            status: 'pending' as const,
            decisionReason: null,
            decidedAt: null,
          },
        ],
      },
      'disputes[0].violationId',
    ],
    [
      'a substitute covering someone of another window',
      { violations: [{ ...minimal.violations[0]!, substituteFor: id(97) }] },
      'violations[0].substituteFor',
    ],
    [
      'a scheme whose document says another version',
      { schemes: [{ ...minimal.schemes[0]!, version: 2 }] },
      'schemes[0].scheme.version',
    ],
  ])('%s is a problem at %s', (_what, change, path) => {
    expect(bundleProblems({ ...minimal, ...change }).map((p) => p.path)).toContain(path);
  });
});
