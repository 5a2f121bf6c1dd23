import { hallClockText } from '../hall-time';
import type { Scheme } from '../scheme/schema';
import type { MonthAssessment } from './month';
import { rankingRows } from './published';

/**
 * The monthly bulletin (通报) as plain tables — the .xlsx on the server and the print page on
 * the phone lay out the same content. Chinese labels: the bulletin is posted in the hall.
 */
export interface BulletinSource {
  month: string;
  kind: 'published' | 'preliminary';
  result: MonthAssessment;
  dataAsOf: string;
  version?: number;
  publishedAt?: string;
  reason?: string | null;
}

export type Cell = string | number | null;
export interface BulletinTable {
  title: string;
  header: string[];
  rows: Cell[][];
}
export interface Bulletin {
  title: string;
  /** Lines under the title: version, scheme, time of the data, reason of a correction. */
  lines: string[];
  groups: BulletinTable[];
  deductions: BulletinTable;
  staff: BulletinTable;
}

const GROUP_NAMES: Record<string, string> = { approval: '行政审批窗口', public_service: '公共服务窗口' };
const UNIT_NAMES: Record<string, string> = { occurrence: '次', half_day: '半天', day: '天', case: '件' };

function monthTitle(month: string): string {
  const [y, m] = month.split('-');
  return `${y}年${Number(m)}月`;
}

/** The bulletin of a month; its times read on the hall's clock (`zone`, HALL_TIME_ZONE). */
export function bulletin(source: BulletinSource, scheme: Scheme | null, zone: string): Bulletin {
  const clock = (instant: string) => hallClockText(instant, zone);
  const { result } = source;
  const honourName = new Map((scheme?.honours.tiers ?? []).map((t) => [t.code as string, t.name.zh]));
  const disqName = new Map((scheme?.disqualifications ?? []).map((d) => [d.code, d.name.zh]));
  const itemName = new Map((scheme?.items ?? []).map((i) => [i.code, i.name.zh]));
  const categoryName = new Map((scheme?.categories ?? []).map((c) => [c.code, c.name.zh]));
  const windowNumber = new Map(result.windows.map((w) => [w.windowId, w.number]));
  const staffName = new Map(result.staff.map((s) => [s.staffId, s.name]));

  const title = `${monthTitle(source.month)}窗口考评${source.kind === 'preliminary' ? '初步情况（未审定，仅供核实）' : '通报'}`;
  const lines = [
    source.kind === 'published' ? `第 ${source.version} 版，${source.publishedAt ? clock(source.publishedAt) : ''} 公布` : '初步情况，未经审定，不得作为正式结果',
    `考评方案第 ${result.schemeVersion} 版；数据截至 ${clock(source.dataAsOf)}`,
    ...(source.reason ? [`更正说明：${source.reason}`] : []),
  ];

  const rows = rankingRows(result);
  const groups: BulletinTable[] = Object.keys(result.groups).map((kind) => ({
    title: GROUP_NAMES[kind] ?? kind,
    header: ['名次', '窗口号', '窗口名称', '派驻单位', '得分', '扣分', '加分', '荣誉', '取消评优'],
    rows: rows
      .filter((r) => r.kind === kind)
      .map((r) => [
        r.rank, r.number, r.name, r.department, r.score, r.deductionsTaken, r.bonusGranted,
        r.honour ? (honourName.get(r.honour) ?? r.honour) : '',
        r.disqualified.map((c) => disqName.get(c) ?? c).join('、'),
      ]),
  }));

  const deductionRows: Cell[][] = [];
  for (const w of result.windows) {
    for (const c of w.sheet.categories) {
      for (const r of c.records) {
        deductionRows.push([
          w.number, w.name, categoryName.get(c.code) ?? c.code, itemName.get(r.itemCode) ?? r.itemCode,
          r.points, `${r.quantity}${UNIT_NAMES[r.unit] ?? r.unit}`, r.amount,
          r.staffId ? (staffName.get(r.staffId) ?? '') : '（窗口）',
          r.substituteFor ? `替岗（顶 ${staffName.get(r.substituteFor) ?? ''}）` : '',
          r.source,
        ]);
      }
      if (c.cut > 0) deductionRows.push([w.number, w.name, categoryName.get(c.code) ?? c.code, `超出权重 ${c.weight} 分，扣完为止`, null, '', -c.cut, '', '', '']);
    }
    for (const b of w.sheet.bonus.lines) {
      deductionRows.push([w.number, w.name, '附加分', b.bonusCode, b.points, '', b.counted ? -b.points : 0, b.staffId ? (staffName.get(b.staffId) ?? '') : '（窗口）', b.counted ? '' : '同一事项不重复加分', '']);
    }
    if (w.sheet.bonus.cut > 0) deductionRows.push([w.number, w.name, '附加分', `超出上限 ${w.sheet.bonus.cap} 分`, null, '', w.sheet.bonus.cut, '', '', '']);
  }

  return {
    title,
    lines,
    groups,
    deductions: {
      title: '扣分与加分明细',
      header: ['窗口号', '窗口名称', '类别', '项目', '分值', '数量', '扣分（负数为加分）', '人员', '说明', '来源'],
      rows: deductionRows,
    },
    staff: {
      title: '工作人员得分',
      header: ['窗口号', '姓名', '得分', '扣分', '加分'],
      rows: result.staff.map((s) => [windowNumber.get(s.windowId) ?? '', s.name, s.score, s.sheet.deductionsTaken, s.sheet.bonusGranted]),
    },
  };
}
