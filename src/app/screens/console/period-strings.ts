import { useUi } from '../../stores/ui';

type Args = Record<string, string | number>;

/** Strings of the console's quarter/year inputs (issue #15 point 10): quota and score import. */
const zh = {
  help: '季度、年度评定：填写人事部门下达的优秀名额，并导入窗口互评和群众满意度得分（0–100）。季度/年度得分 = 月度平均 × 40% + 窗口互评 × 30% + 群众满意度 × 30%（比例可在考核方案中设置）。',
  period: '考评周期',
  quarter: (y: string, q: string) => `${y} 年第 ${q} 季度`,
  year: (y: string) => `${y} 年度`,
  quota: '优秀名额',
  quotaNone: '不限名额（留空）',
  tieRule: '名额线上同分',
  tieRules: { exclude_all_tied: '同分者均不评优秀（不超名额）', include_all_tied: '同分者均评优秀' } as Record<
    string,
    string
  >,
  saveQuota: '保存名额',
  quotaSaved: '名额已保存',
  importTitle: '导入得分',
  importHelp:
    '上传 .xlsx 或 .csv 文件，每行一人。列：姓名、窗口号（或部门）、分数；也可用“人员编号”列代替姓名。分数 0–100，最多两位小数。任一行有错误时不导入任何数据；重复导入同一文件不会改变数据。',
  kind: '得分类型',
  kinds: { peer_review: '窗口互评', public_satisfaction: '群众满意度' } as Record<string, string>,
  person: '人员',
  score: '分数',
  scores: '已导入的得分',
  noScores: '本周期尚未导入得分',
  windowNo: '窗口',
  problems: {
    bad_text: () => '含有无法保存的字符',
    missing_person: () => '缺少人员：请填写人员编号，或姓名加窗口号/部门',
    unknown_staff_id: (a: Args) => `人员编号“${a.value}”不存在`,
    name_mismatch: (a: Args) => `人员编号对应的是${a.name}，不是“${a.given}”`,
    unknown_person: (a: Args) => `找不到人员“${a.name}”${a.where ? `（${a.where}）` : ''}`,
    ambiguous_person: (a: Args) => `有多人名为“${a.name}”：请加窗口号或部门`,
    missing_score: () => '缺少分数',
    not_a_number: (a: Args) => `分数“${a.value}”不是数字`,
    out_of_range: (a: Args) => `分数 ${a.value} 超出 0–100`,
    too_many_decimals: (a: Args) => `分数 ${a.value} 超过两位小数`,
    duplicate_person: (a: Args) => `${a.name} 出现两次（另见第 ${a.row} 行）`,
  } as Record<string, (a: Args) => string>,
};

const en: typeof zh = {
  help: 'Quarter and year grading: enter the Excellent quota set by the personnel office and import the peer review and public satisfaction scores (0–100). Period score = monthly average × 40% + peer review × 30% + public satisfaction × 30% (the weights can be set in the scheme).',
  period: 'Period',
  quarter: (y: string, q: string) => `Q${q} ${y}`,
  year: (y: string) => `Year ${y}`,
  quota: 'Excellent quota',
  quotaNone: 'No quota (leave empty)',
  tieRule: 'Ties at the quota line',
  tieRules: {
    exclude_all_tied: 'All tied are left out (never over the quota)',
    include_all_tied: 'All tied are Excellent',
  },
  saveQuota: 'Save quota',
  quotaSaved: 'Quota saved',
  importTitle: 'Import scores',
  importHelp:
    'Upload an .xlsx or .csv file, one person per row. Columns: name, window number (or department), score; a staff id column may replace the name. Scores 0–100 with at most two decimals. Nothing is imported while any row has an error; importing the same file again changes nothing.',
  kind: 'Score',
  kinds: { peer_review: 'Peer review', public_satisfaction: 'Public satisfaction' },
  person: 'Person',
  score: 'Score',
  scores: 'Imported scores',
  noScores: 'No scores imported for this period yet',
  windowNo: 'Window',
  problems: {
    bad_text: () => 'contains characters that cannot be stored',
    missing_person: () => 'no person: give the staff id, or the name with the window number or department',
    unknown_staff_id: (a: Args) => `no staff id "${a.value}"`,
    name_mismatch: (a: Args) => `that staff id is ${a.name}, not "${a.given}"`,
    unknown_person: (a: Args) => `no staff member "${a.name}"${a.where ? ` (${a.where})` : ''}`,
    ambiguous_person: (a: Args) => `several people are named "${a.name}": add the window number or department`,
    missing_score: () => 'no score',
    not_a_number: (a: Args) => `score "${a.value}" is not a number`,
    out_of_range: (a: Args) => `score ${a.value} is outside 0–100`,
    too_many_decimals: (a: Args) => `score ${a.value} has more than two decimals`,
    duplicate_person: (a: Args) => `${a.name} appears twice (see also row ${a.row})`,
  },
};

export function usePeriodT(): typeof zh {
  return useUi((s) => s.language) === 'en' ? en : zh;
}
