import { DEFAULT_LEAVE_RULES, DEFAULT_OUTING_RULES, DEFAULT_SUBSTITUTE_THRESHOLDS } from '../leave/rule-defaults';
import type { Scheme } from './schema';

const n = (zh: string, en: string) => ({ zh, en });

/**
 * The default scheme of DOMAIN §4–§5 (after the XX市 method and the 丰镇 honours),
 * what a fresh install ships with. Every figure is configurable per center.
 */
export const DEFAULT_SCHEME: Scheme = {
  version: 1,
  name: '默认考评方案 (2024)',
  base: 100,
  categories: [
    { code: 'DISCIPLINE', name: n('遵守工作纪律', 'Work discipline'), weight: 30, policy: 'capped' },
    { code: 'NETWORK', name: n('计算机网络操作规程', 'Computer & network rules'), weight: 20, policy: 'capped' },
    { code: 'CASES', name: n('依法办理审批及其他事项', 'Lawful case handling'), weight: 30, policy: 'capped' },
    { code: 'CONDUCT', name: n('遵守各项规章制度', 'Rules & conduct'), weight: 20, policy: 'capped' },
  ],
  items: [
    // Spot-check items of the patrol checklist (DOMAIN §3).
    { code: 'OFF_POST', category: 'DISCIPLINE', name: n('擅自脱岗', 'Off post without leave'), points: 1, unit: 'occurrence', spotCheck: true },
    { code: 'NO_BADGE', category: 'CONDUCT', name: n('未佩证上岗', 'No work badge'), points: 1, unit: 'occurrence', spotCheck: true },
    { code: 'EATING', category: 'DISCIPLINE', name: n('吃东西 / 用餐', 'Eating at the window'), points: 2, unit: 'occurrence', spotCheck: true },
    { code: 'GAMING', category: 'DISCIPLINE', name: n('玩游戏 / 看视频 / 炒股', 'Games, videos, stocks'), points: 5, unit: 'occurrence', spotCheck: true },
    { code: 'CHATTING', category: 'DISCIPLINE', name: n('串岗聊天 / 嬉闹', 'Chatting, horseplay'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'SLEEPING', category: 'DISCIPLINE', name: n('打瞌睡', 'Dozing'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'SMOKING', category: 'DISCIPLINE', name: n('吸烟', 'Smoking in the hall'), points: 2, unit: 'occurrence', spotCheck: true },
    { code: 'DRESS', category: 'CONDUCT', name: n('着装不规范', 'Improper dress'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'UNTIDY', category: 'CONDUCT', name: n('桌面杂乱', 'Untidy desk'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'VISITOR', category: 'CONDUCT', name: n('会客 / 无关人员进入服务区', 'Visitor in service area'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'NO_SIGN', category: 'CONDUCT', name: n('未摆放公示牌 / 办事指南', 'Post sign missing'), points: 0.5, unit: 'occurrence', spotCheck: true },
    { code: 'LOUD', category: 'CONDUCT', name: n('大声喧哗 / 不文明用语', 'Loud or rude language'), points: 1, unit: 'occurrence', spotCheck: true },
    // Items recorded by sections, leave rules and complaints.
    { code: 'ABSENCE', category: 'DISCIPLINE', name: n('旷工', 'Absence without leave'), points: 1, unit: 'half_day', spotCheck: false },
    { code: 'LATE_EARLY', category: 'DISCIPLINE', name: n('迟到早退', 'Late arrival / early leave'), points: 0.5, unit: 'occurrence', spotCheck: false },
    { code: 'LEAVE_IMPROPER', category: 'DISCIPLINE', name: n('未按规定请假', 'Leave not requested properly'), points: 1, unit: 'occurrence', spotCheck: false },
    { code: 'NO_SUBSTITUTE', category: 'DISCIPLINE', name: n('请假未安排替岗', 'Leave with no substitute'), points: 1, unit: 'occurrence', spotCheck: false },
    { code: 'QUARREL', category: 'CONDUCT', name: n('与群众争吵 / 有效投诉', 'Quarrel or substantiated complaint'), points: 2, unit: 'occurrence', spotCheck: false },
    { code: 'OVERDUE_CASE', category: 'CASES', name: n('超时办件', 'Overdue case'), points: 1, unit: 'case', spotCheck: false },
    { code: 'NOTICE_INCOMPLETE', category: 'CASES', name: n('一次性告知不清', 'Incomplete one-time notice'), points: 0.5, unit: 'occurrence', spotCheck: false },
    { code: 'UNFILED_DOCS', category: 'CASES', name: n('资料未归档', 'Unfiled documents'), points: 0.5, unit: 'occurrence', spotCheck: false },
    { code: 'COMPUTER_MISUSE', category: 'NETWORK', name: n('违规使用计算机', 'Computer misuse'), points: 2, unit: 'occurrence', spotCheck: false },
    { code: 'EQUIPMENT_ON', category: 'NETWORK', name: n('下班未关设备', 'Equipment left on after hours'), points: 1, unit: 'occurrence', spotCheck: false },
    { code: 'MEETING_ABSENT', category: 'CONDUCT', name: n('无故缺席中心会议', 'Absent from center meeting'), points: 2, unit: 'occurrence', spotCheck: false },
    { code: 'MEETING_LATE', category: 'CONDUCT', name: n('中心会议迟到', 'Late for center meeting'), points: 0.5, unit: 'occurrence', spotCheck: false },
    { code: 'OUTING_OVER_LIMIT', category: 'DISCIPLINE', name: n('临时外出超过月度次数', 'Short outing over the monthly limit'), points: 0.5, unit: 'occurrence', spotCheck: false },
  ],
  bonus: {
    cap: 20,
    items: [
      { code: 'GOV_COMMENDATION', name: n('市政府及以上书面表扬', 'Written commendation by city government or higher'), minPoints: 5, maxPoints: 5 },
      { code: 'MEDIA_CITY', name: n('市级新闻媒体表扬', 'Praise in city media'), minPoints: 2, maxPoints: 2 },
      { code: 'MEDIA_PROVINCE', name: n('省级新闻媒体表扬', 'Praise in provincial media'), minPoints: 5, maxPoints: 5 },
      { code: 'PUBLIC_THANKS', name: n('群众锦旗 / 感谢信(经核实)', 'Banner or thank-you letter (verified)'), minPoints: 1, maxPoints: 3 },
      { code: 'INFO_ADOPTED', name: n('信息采用 / 文章发表', 'Information adopted / article published'), minPoints: 1, maxPoints: 1 },
      { code: 'SUGGESTION_ADOPTED', name: n('合理化建议被采纳', 'Suggestion adopted'), minPoints: 2, maxPoints: 2 },
      { code: 'FULL_ATTENDANCE', name: n('全勤且无违规', 'Full attendance, no violation'), minPoints: 2, maxPoints: 2 },
    ],
  },
  rankingGroups: ['approval', 'public_service'],
  honours: {
    tiers: [
      { code: 'red_flag', name: n('红旗窗口', 'Red-flag window'), share: 0.15 },
      { code: 'advanced', name: n('先进窗口', 'Advanced window'), share: 0.3 },
    ],
    rounding: 'round',
    tieRule: 'exclude_all_tied',
  },
  disqualifications: [
    { code: 'SELF_SET_FEES', name: n('自设收费 / 擅自提高收费', 'Self-set or raised fees') },
    { code: 'CORRUPT_CONDUCT', name: n('吃、拿、卡、要', 'Corrupt conduct') },
    { code: 'COMPLAINT_OR_MEDIA', name: n('有效投诉或媒体曝光', 'Substantiated complaint or media exposure') },
    { code: 'DUTY_NEGLECT', name: n('值班窗口未履行巡查职责', 'Duty window neglected its patrols') },
  ],
  grades: { excellent: 95, competent: 75, basic: 70 },
  patrol: { roundsPerDay: 2 },
  substitutes: { deductOwnScore: true, required: DEFAULT_SUBSTITUTE_THRESHOLDS },
  leave: DEFAULT_LEAVE_RULES,
  outings: DEFAULT_OUTING_RULES,
};
