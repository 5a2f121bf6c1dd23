import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/server/admin/import';
import { parseScore, planScoreImport, type ScoreHall } from '../../src/server/admin/periods';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const hall = (existing: [number, number][] = []): ScoreHall => ({
  floors: [
    { id: id(1), name: '一楼', level: 1 },
    { id: id(2), name: '二楼', level: 2 },
  ],
  windows: [
    { id: id(11), number: '101', department: '公安局', floor_id: id(1) },
    { id: id(12), number: '102', department: '税务局', floor_id: id(1) },
    { id: id(21), number: '101', department: '人社局', floor_id: id(2) },
  ],
  staff: [
    { id: id(101), name: '张三', window_id: id(11) },
    { id: id(102), name: '李四', window_id: id(12) },
    { id: id(103), name: '王五', window_id: id(12) },
    { id: id(104), name: '张三', window_id: id(21) }, // a second 张三, upstairs
  ],
  existing: new Map(existing.map(([n, s]) => [id(n), s])),
});

describe('period score import: every row matched and bounded, with its row number and reason', () => {
  it('matches by name + window (+ floor), name + department, or staff id', () => {
    const rows = planScoreImport(
      parseCsv(
        `姓名,窗口号,楼层,部门,人员编号,分数\n李四,102,,,,95\n张三,101,二楼,,,88.5\n王五,,,税务局,,90\n,,,,${id(101)},100\n`,
      ),
      hall([[102, 95]]),
    );
    expect(rows.map((r) => [r.row, r.action, r.staffId, r.score])).toEqual([
      [2, 'unchanged', id(102), 95],
      [3, 'create', id(104), 88.5],
      [4, 'create', id(103), 90],
      [5, 'create', id(101), 100],
    ]);
  });

  it('lists each bad row with its reason; a good row next to them stays good', () => {
    const csv = [
      '姓名,窗口号,分数',
      '李四,102,101', // over 100
      '王五,102,-1', // under 0
      '张三,,90', // two people named 张三
      '赵六,102,90', // nobody
      '李四,102,abc', // not a number (and 李四 twice)
      '王五,102,89.999', // three decimals
      ',102,80', // no person
      '张三,101,', // no score — the 101 of 一楼 and of 二楼 both have a 张三
      '张三,101,90.5',
    ].join('\n');
    const rows = planScoreImport(parseCsv(csv), hall());
    const codes = rows.map((r) => [r.row, r.problems.map((p) => p.code)]);
    expect(codes).toEqual([
      [2, ['out_of_range']],
      [3, ['out_of_range']],
      [4, ['ambiguous_person']],
      [5, ['unknown_person']],
      [6, ['duplicate_person', 'not_a_number']],
      [7, ['duplicate_person', 'too_many_decimals']],
      [8, ['missing_person']],
      [9, ['ambiguous_person', 'missing_score']],
      [10, ['ambiguous_person']],
    ]);
    expect(rows[0]!.errors).toEqual(['score 101 is outside 0–100']);
    expect(rows[4]!.errors[0]).toBe('李四 appears twice (also row 2)');
    expect(rows.every((r) => r.action === 'error')).toBe(true);
  });

  it('refuses a file without a score or person column, before any row', () => {
    expect(() => planScoreImport(parseCsv('姓名,窗口号\n李四,102'), hall())).toThrow(/Missing column/);
    expect(() => planScoreImport(parseCsv('窗口号,分数\n102,90'), hall())).toThrow(/Missing column/);
  });

  it('reads scores 0–100 with at most two decimals', () => {
    expect(parseScore('0')).toEqual({ score: 0 });
    expect(parseScore('100')).toEqual({ score: 100 });
    expect(parseScore('95.25')).toEqual({ score: 95.25 });
    expect(parseScore('95分')).toEqual({ score: 95 });
    expect(parseScore('100.01')).toMatchObject({ problem: { code: 'out_of_range' } });
    expect(parseScore('1e2')).toMatchObject({ problem: { code: 'not_a_number' } });
    expect(parseScore('NaN')).toMatchObject({ problem: { code: 'not_a_number' } });
  });
});
