import { useUi } from '../../../stores/ui';

/**
 * The scheme editor's scoring rules (issue #15 points 1, 2, 3, 8, 9). Each help line quotes the
 * source regulation the option comes from (reference/ documents; 004 is quoted in simplified characters).
 */
const zh = {
  title: '评分规则（各中心口径）',
  intro: '以下规则在各中心的制度中并不相同；不填即为默认口径。修改后可“预览”上月结果的变化。',
  dutyNeglect: '值班窗口未履职',
  dutyNeglectHelp:
    '默认：未完成一次巡查即为未履职，取消当月全部评优。004《值班要求》：“对于值班窗口未认真履行职责的行为，中心将给予批评，且该窗口当月不得评为‘红旗窗口’。”',
  removes: '取消的荣誉',
  threshold: '认定标准',
  thresholds: { rounds_missed: '漏巡轮次达到', share_done: '完成巡查比例低于' },
  roundsUnit: '轮',
  percentUnit: '%',
  honourBase: '荣誉名额的基数',
  honourBases: { group: '按各组窗口数分别计算（默认）', all_windows: '按全部窗口总数计算，统一排序评定' },
  honourBaseHelp:
    '003 第7.2条：“根据考核结果，按窗口总数的15%和30%的比例从高分到低分分别确定月度‘红旗窗口’、‘先进窗口’”。',
  disqualificationPeriods: '取消评优的期限',
  disqualificationPeriodsHelp:
    '默认：取消当期（月度、季度、年度）全部评优。003 第7.7条：“出现下列情况之一的，取消窗口年度评先评优资格”；002：“有下列情形之一的，取消窗口当季评优资格”。',
  periods: { month: '月度', quarter: '季度', year: '年度' },
  outingPoints: '临时外出超次每次扣分',
  outingPointsHelp:
    '可填 0：仍记录并报告超出次数，但不扣分。004：“一个月内临时请假不能超过10次，超过扣100元岗位津贴”（扣津贴，不扣分）。',
  bonusCaps: '附加分上限',
  windowBonusCap: '窗口每月',
  staffBonusCap: '个人每月（空 = 同窗口）',
  bonusCapsHelp:
    '默认：附加分每月最多20分。另一县的制度：“人员附加分加满5分为止”，扣分“不封顶”（类别设为“不设底线”）。',
  ranking: '排名对象',
  rankings: { windows: '窗口（默认）', staff: '人员', both: '窗口和人员' },
  rankingHelp: '人员排名按其窗口所属分组，名额比例、取整和并列规则与窗口相同；窗口的取消评优不影响人员。',
  honourNames: { red_flag: '红旗', advanced: '先进' } as Record<string, string>,
  previewStaff: '人员变化',
  person: '人员',
  current: '现行',
  draft: '草稿',
  delta: '差值',
  rankHonour: '名次 / 荣誉',
};
type Dict = typeof zh;

const en: Dict = {
  title: 'Scoring rules (each center’s reading)',
  intro:
    'These rules differ between the centers’ regulations; left empty, the default reading applies. Preview shows how last month changes.',
  dutyNeglect: 'Duty window neglecting its patrols',
  dutyNeglectHelp:
    'Default: one missed round is neglect and removes every honour of the month. 004 (duty rules): “对于值班窗口未认真履行职责的行为，中心将给予批评，且该窗口当月不得评为‘红旗窗口’” — the window cannot be a red-flag window that month.',
  removes: 'Honours removed',
  threshold: 'Neglect when',
  thresholds: { rounds_missed: 'rounds missed reach', share_done: 'share of rounds done is below' },
  roundsUnit: 'rounds',
  percentUnit: '%',
  honourBase: 'Honour places counted from',
  honourBases: { group: 'each group’s windows (default)', all_windows: 'all windows, awarded down one list' },
  honourBaseHelp:
    '003 §7.2: “按窗口总数的15%和30%的比例从高分到低分分别确定月度‘红旗窗口’、‘先进窗口’” — 15 % and 30 % of the total number of windows.',
  disqualificationPeriods: 'Periods a disqualification bars',
  disqualificationPeriodsHelp:
    'Default: every honour of the period (month, quarter, year). 003 §7.7: “取消窗口年度评先评优资格” (the year); 002: “取消窗口当季评优资格” (the quarter).',
  periods: { month: 'Month', quarter: 'Quarter', year: 'Year' },
  outingPoints: 'Points per short outing over the limit',
  outingPointsHelp:
    '0 is allowed: the outings over the limit are still recorded and counted, and deduct nothing. 004: “一个月内临时请假不能超过10次，超过扣100元岗位津贴” (allowance, not points).',
  bonusCaps: 'Bonus caps',
  windowBonusCap: 'A window, per month',
  staffBonusCap: 'A person, per month (empty = as a window)',
  bonusCapsHelp:
    'Default: at most 20 bonus points a month. Another county: “人员附加分加满5分为止” (a person’s bonus up to 5), deductions “不封顶” (set the categories to no floor).',
  ranking: 'Who is ranked',
  rankings: { windows: 'Windows (default)', staff: 'People', both: 'Windows and people' },
  rankingHelp:
    'People are ranked in their window’s group with the same shares, rounding and tie rule as windows; a window’s disqualification does not bar its people.',
  honourNames: { red_flag: 'red flag', advanced: 'advanced' },
  previewStaff: 'People who change',
  person: 'Person',
  current: 'Current',
  draft: 'Draft',
  delta: 'Change',
  rankHonour: 'Rank / honour',
};

export function useScoringT(): Dict {
  return useUi((s) => s.language) === 'en' ? en : zh;
}
