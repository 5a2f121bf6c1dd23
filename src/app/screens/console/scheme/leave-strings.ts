import { useLang } from '../../../i18n';

/** Strings of the scheme editor's leave and off-post sections (issue #15 variants 4–7). */
const zh = {
  title: '请假与脱岗规则',
  sourceWords: '来源原文：',
  leaveDeductTitle: '请假本身扣分',
  leaveDeductHelp: '选中的请假类型按请假的半天数扣分（默认：请假不扣分）。',
  deducts: '扣分',
  pointsPerHalfDay: '每半天扣分',
  offPostTitle: '脱岗折算旷工',
  offPostPoints: '擅自脱岗每次扣分',
  offPostMinutes: '超过多少分钟计旷工半天',
  offPostScored: '计入考核（脱岗超时、一天两次或迟到超时改计旷工半天）',
  offPostHelp: '默认 30 分钟，仅提示值班长、不计分；另有县规定为 15 分钟。',
  substituteTitle: '需安排替岗的条件',
  staffCount: (n: number | null) => (n === null ? '更多人的窗口' : `${n}人窗口`),
  overDays: '请假超过（天，可为半天）',
  anyAbsence: '离岗即需',
  chainTitle: '审批流程',
  chainPreset: '采用的规定',
  chainCustom: '自定义',
  length: '请假天数',
  approvers: '审批人（依次）',
};
type Dict = typeof zh;
const en: Dict = {
  title: 'Leave and off-post rules',
  sourceWords: "Source's words: ",
  leaveDeductTitle: 'Leave that deducts',
  leaveDeductHelp: 'The checked leave types deduct per half day of leave (default: leave deducts nothing).',
  deducts: 'Deducts',
  pointsPerHalfDay: 'Points per half day',
  offPostTitle: 'Off post converted to absence',
  offPostPoints: 'Off post: points per occurrence',
  offPostMinutes: 'Minutes after which it is half a day of absence',
  offPostScored: 'Scored (off post too long, twice a day, or late too long count as half a day of absence)',
  offPostHelp: 'Default 30 minutes, shown to the duty leader and not scored; another county uses 15.',
  substituteTitle: 'When a substitute is required',
  staffCount: (n: number | null) => (n === null ? 'Larger windows' : `${n}-person window`),
  overDays: 'Leave over (days, half days allowed)',
  anyAbsence: 'any absence',
  chainTitle: 'Approval chain',
  chainPreset: 'Rule followed',
  chainCustom: 'Custom',
  length: 'Leave length',
  approvers: 'Approvers, in order',
};

export function useLeaveRulesT(): Dict {
  return useLang() === 'zh' ? zh : en;
}
