import { hallClockText } from '../hall-time';
import { monthText } from '../month-text';
import type { Scheme } from '../scheme/schema';
import type { MonthAssessment } from './month';
import { rankingRows } from './published';

/**
 * The monthly bulletin (通报) as plain tables — the .xlsx on the server and the print page on
 * the phone lay out the same content. Chinese by default (the .xlsx is posted in the hall); the
 * print page passes the phone's language.
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

type Lang = 'zh' | 'en';

/** The bulletin's words in each language (the posted .xlsx is Chinese; the print page follows the phone's language). */
const WORDS = {
  zh: {
    groups: { approval: '行政审批窗口', public_service: '公共服务窗口' } as Record<string, string>,
    units: { occurrence: '次', half_day: '半天', day: '天', case: '件' } as Record<string, string>,
    sources: {
      patrol: '现场巡查',
      leave: '请假',
      section: '科室',
      complaint: '投诉',
      rating: '群众评议',
      public_rating: '群众评议',
      meeting: '会议',
    } as Record<string, string>,
    month: (month: string) => monthText(month, 'zh'),
    title: (m: string, preliminary: boolean) => `${m}窗口考评${preliminary ? '初步情况（未审定，仅供核实）' : '通报'}`,
    published: (v: number | undefined, at: string) => `第 ${v} 版，${at} 公布`,
    preliminary: '初步情况，未经审定，不得作为正式结果',
    scheme: (v: number | string, at: string) => `考评方案第 ${v} 版；数据截至 ${at}`,
    correction: (r: string) => `更正说明：${r}`,
    groupHeader: ['名次', '窗口号', '窗口名称', '派驻单位', '得分', '扣分', '加分', '荣誉', '取消评优'],
    window: '（窗口）',
    substitute: (name: string) => `替岗（顶 ${name}）`,
    cut: (w: number) => `超出权重 ${w} 分，扣完为止`,
    bonus: '附加分',
    notTwice: '同一事项不重复加分',
    bonusCut: (cap: number) => `超出上限 ${cap} 分`,
    deductions: '扣分与加分明细',
    deductionHeader: [
      '窗口号',
      '窗口名称',
      '类别',
      '项目',
      '分值',
      '数量',
      '扣分（负数为加分）',
      '人员',
      '说明',
      '来源',
    ],
    staff: '工作人员得分',
    staffHeader: ['窗口号', '姓名', '得分', '扣分', '加分'],
    list: '、',
  },
  en: {
    groups: { approval: 'Approval windows', public_service: 'Public service windows' } as Record<string, string>,
    units: { occurrence: '×', half_day: ' half day(s)', day: ' day(s)', case: ' case(s)' } as Record<string, string>,
    sources: {
      patrol: 'patrol',
      leave: 'leave',
      section: 'section',
      complaint: 'complaint',
      rating: 'public rating',
      public_rating: 'public rating',
      meeting: 'meeting',
    } as Record<string, string>,
    month: (month: string) =>
      new Date(`${month}-15T00:00:00Z`).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }),
    title: (m: string, preliminary: boolean) =>
      `Window assessment ${m}${preliminary ? ': preliminary (not approved, for checking only)' : ''}`,
    published: (v: number | undefined, at: string) => `Version ${v}, published ${at}`,
    preliminary: 'Preliminary, not approved: not an official result',
    scheme: (v: number | string, at: string) => `Scheme version ${v}; data as of ${at}`,
    correction: (r: string) => `Correction: ${r}`,
    groupHeader: ['Rank', 'Window', 'Name', 'Department', 'Score', 'Deductions', 'Bonus', 'Honour', 'Disqualified'],
    window: '(window)',
    substitute: (name: string) => `substitute (for ${name})`,
    cut: (w: number) => `over the weight of ${w}: capped`,
    bonus: 'Bonus',
    notTwice: 'not granted twice for one event',
    bonusCut: (cap: number) => `over the cap of ${cap}`,
    deductions: 'Deductions and bonuses',
    deductionHeader: [
      'Window',
      'Name',
      'Category',
      'Item',
      'Points',
      'Quantity',
      'Deducted (negative: bonus)',
      'Staff',
      'Note',
      'Source',
    ],
    staff: 'Staff scores',
    staffHeader: ['Window', 'Name', 'Score', 'Deductions', 'Bonus'],
    list: ', ',
  },
};

/** The bulletin of a month; its times read on the hall's clock (`zone`, HALL_TIME_ZONE), its words in `lang`. */
export function bulletin(source: BulletinSource, scheme: Scheme | null, zone: string, lang: Lang = 'zh'): Bulletin {
  const clock = (instant: string) => hallClockText(instant, zone);
  const { result } = source;
  const w$ = WORDS[lang];
  const honourName = new Map((scheme?.honours.tiers ?? []).map((t) => [t.code as string, t.name[lang]]));
  const disqName = new Map((scheme?.disqualifications ?? []).map((d) => [d.code, d.name[lang]]));
  const itemName = new Map((scheme?.items ?? []).map((i) => [i.code, i.name[lang]]));
  const categoryName = new Map((scheme?.categories ?? []).map((c) => [c.code, c.name[lang]]));
  const bonusName = new Map((scheme?.bonus.items ?? []).map((b) => [b.code, b.name[lang]]));
  const windowNumber = new Map(result.windows.map((w) => [w.windowId, w.number]));
  const staffName = new Map(result.staff.map((s) => [s.staffId, s.name]));

  const title = w$.title(w$.month(source.month), source.kind === 'preliminary');
  const lines = [
    source.kind === 'published'
      ? w$.published(source.version, source.publishedAt ? clock(source.publishedAt) : '')
      : w$.preliminary,
    w$.scheme(result.schemeVersion, clock(source.dataAsOf)),
    ...(source.reason ? [w$.correction(source.reason)] : []),
  ];

  const rows = rankingRows(result);
  const groups: BulletinTable[] = Object.keys(result.groups).map((kind) => ({
    title: w$.groups[kind] ?? kind,
    header: w$.groupHeader,
    rows: rows
      .filter((r) => r.kind === kind)
      .map((r) => [
        r.rank,
        r.number,
        r.name,
        r.department,
        r.score,
        r.deductionsTaken,
        r.bonusGranted,
        r.honour ? (honourName.get(r.honour) ?? r.honour) : '',
        r.disqualified.map((c) => disqName.get(c) ?? c).join(w$.list),
      ]),
  }));

  const deductionRows: Cell[][] = [];
  for (const w of result.windows) {
    for (const c of w.sheet.categories) {
      for (const r of c.records) {
        deductionRows.push([
          w.number,
          w.name,
          categoryName.get(c.code) ?? c.code,
          itemName.get(r.itemCode) ?? r.itemCode,
          r.points,
          `${r.quantity}${w$.units[r.unit] ?? r.unit}`,
          r.amount,
          r.staffId ? (staffName.get(r.staffId) ?? '') : w$.window,
          r.substituteFor ? w$.substitute(staffName.get(r.substituteFor) ?? '') : '',
          w$.sources[r.source] ?? r.source,
        ]);
      }
      if (c.cut > 0)
        deductionRows.push([
          w.number,
          w.name,
          categoryName.get(c.code) ?? c.code,
          w$.cut(c.weight),
          null,
          '',
          -c.cut,
          '',
          '',
          '',
        ]);
    }
    for (const b of w.sheet.bonus.lines) {
      deductionRows.push([
        w.number,
        w.name,
        w$.bonus,
        bonusName.get(b.bonusCode) ?? b.bonusCode,
        b.points,
        '',
        b.counted ? -b.points : 0,
        b.staffId ? (staffName.get(b.staffId) ?? '') : w$.window,
        b.counted ? '' : w$.notTwice,
        '',
      ]);
    }
    if (w.sheet.bonus.cut > 0)
      deductionRows.push([
        w.number,
        w.name,
        w$.bonus,
        w$.bonusCut(w.sheet.bonus.cap),
        null,
        '',
        w.sheet.bonus.cut,
        '',
        '',
        '',
      ]);
  }

  return {
    title,
    lines,
    groups,
    deductions: {
      title: w$.deductions,
      header: w$.deductionHeader,
      rows: deductionRows,
    },
    staff: {
      title: w$.staff,
      header: w$.staffHeader,
      rows: result.staff.map((s) => [
        windowNumber.get(s.windowId) ?? '',
        s.name,
        s.score,
        s.sheet.deductionsTaken,
        s.sheet.bonusGranted,
      ]),
    },
  };
}
