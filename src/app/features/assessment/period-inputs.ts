import type { PeriodInputs } from '../../../domain/assessment/period-inputs';
import { getMeta, setMeta, type WindowDutyDb } from '../../db/database';
import { request } from '../../http/client';
import { useUi } from '../../stores/ui';

/**
 * A period's 优秀 quota and imported peer / satisfaction scores (issue #15), fetched when online
 * and kept on the phone, so the quarter/year view blends and grades the same offline as the server.
 */
const key = (label: string) => `periodInputs:${label}`;

export async function keptPeriodInputs(db: WindowDutyDb, label: string): Promise<PeriodInputs | null> {
  return (await getMeta<PeriodInputs>(db, key(label))) ?? null;
}

/** Fetches and keeps them; offline or refused, what is kept stays. */
export async function refreshPeriodInputs(db: WindowDutyDb, label: string): Promise<void> {
  try {
    const a = await request<PeriodInputs>('GET', `/api/assessments/periods/${encodeURIComponent(label)}/inputs`);
    if (a.ok) await setMeta(db, key(label), { quota: a.body.quota, scores: a.body.scores });
  } catch {
    // offline: the kept inputs (if any) stand
  }
}

/** Strings of the blend in the quarter/year view. */
const zh = {
  average: '月度平均',
  peer: '窗口互评',
  satisfaction: '群众满意度',
  blended: '综合得分',
  weights: (m: number, p: number, s: number) => `综合得分 = 月度平均 × ${m}% + 窗口互评 × ${p}% + 群众满意度 × ${s}%`,
  noBlend: '缺少互评或满意度得分：按月度平均评定',
  quota: (quota: number, candidates: number, awarded: number) =>
    `优秀名额 ${quota} 名：达到优秀分数线 ${candidates} 人，评为优秀 ${awarded} 人`,
  tieOut: (n: number, score: number) => `${n} 人同为 ${score} 分跨名额线，均不评优秀`,
  tieIn: (n: number, score: number) => `${n} 人同为 ${score} 分跨名额线，均评优秀`,
  overQuota: '达到优秀分数线，但超出名额：称职',
};
const en: typeof zh = {
  average: 'Monthly average',
  peer: 'Peer review',
  satisfaction: 'Public satisfaction',
  blended: 'Blended',
  weights: (m, p, s) => `Blended = monthly average × ${m}% + peer review × ${p}% + public satisfaction × ${s}%`,
  noBlend: 'No peer review or satisfaction score: graded on the monthly average',
  quota: (quota, candidates, awarded) =>
    `Excellent quota ${quota}: ${candidates} at or above the Excellent line, ${awarded} graded Excellent`,
  tieOut: (n, score) => `${n} tied at ${score} straddle the quota line: none of them Excellent`,
  tieIn: (n, score) => `${n} tied at ${score} straddle the quota line: all of them Excellent`,
  overQuota: 'At or above the Excellent line but outside the quota: Competent',
};

export function useBlendT(): typeof zh {
  return useUi((s) => s.language) === 'en' ? en : zh;
}
