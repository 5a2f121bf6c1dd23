import {
  BonusStatusSchema,
  summarizeResult,
  type AssessmentVersion,
  type BonusEntry,
  type Dispute,
  type DisputeEvidence,
  type MonthAssessment,
  type PublishedSummary,
  type RankingResult,
} from '../../domain/assessment';
import { z } from 'zod';
import { DisputeStatusSchema } from '../../domain/assessment/disputes';
import { iso, timestampColumn } from '../rows/rows';

/** Database rows of the assessment tables → the camelCase objects phones store. */

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** An assessment_versions row with its approver's and publisher's names (parsed by `queryRows`). */
export const VersionRowSchema = z.object({
  id: z.string(),
  month: z.string(),
  version: z.coerce.number(),
  scheme_version: z.coerce.number(),
  data_as_of: z.coerce.date(),
  reason: z.string().nullable(),
  result: z.unknown(),
  approved_by: z.string().nullable(),
  approved_by_name: z.string().nullable(),
  approved_at: z.coerce.date().nullable(),
  published_by: z.string(),
  published_by_name: z.string(),
  published_at: z.coerce.date(),
});
export type VersionRow = z.output<typeof VersionRowSchema>;
export const VERSION_COLUMNS = `a.id, a.seq, a.deleted_at, a.month, a.version, a.scheme_version, a.data_as_of, a.reason, a.result,
  a.approved_by, ua.display_name as approved_by_name, a.approved_at, a.published_by, up.display_name as published_by_name, a.published_at`;
export const VERSION_FROM = `assessment_versions a join users up on up.id = a.published_by left join users ua on ua.id = a.approved_by`;
export const versionData = (r: VersionRow): AssessmentVersion => ({
  id: r.id,
  month: r.month,
  version: Number(r.version),
  schemeVersion: Number(r.scheme_version),
  dataAsOf: iso(r.data_as_of),
  reason: r.reason,
  approvedBy: r.approved_by,
  approvedByName: r.approved_by_name,
  approvedAt: r.approved_at ? iso(r.approved_at) : null,
  publishedBy: r.published_by,
  publishedByName: r.published_by_name,
  publishedAt: iso(r.published_at),
  result: json<MonthAssessment>(r.result),
});

/**
 * A version as phones pull it (issue 14 §4): its rankings summary made in SQL, so a pull never
 * carries (nor the server parses) the explanations of a month's every record.
 */
const withoutSheet = (list: string) => `coalesce((select jsonb_agg((x - 'sheet') || jsonb_build_object(
    'deductionsTaken', x->'sheet'->'deductionsTaken', 'bonusGranted', x->'sheet'->'bonusGranted') order by o)
  from jsonb_array_elements(a.result->'${list}') with ordinality as t(x, o)), '[]'::jsonb)`;
export const VERSION_SUMMARY_COLUMNS = VERSION_COLUMNS.replace(
  'a.result,',
  `jsonb_build_object('month', a.result->'month', 'schemeVersion', a.result->'schemeVersion', 'groups', a.result->'groups',
     'windows', ${withoutSheet('windows')}, 'staff', ${withoutSheet('staff')}) as result,`,
);
export const versionSummaryData = (r: VersionRow): PublishedSummary => {
  const { result, ...rest } = versionData(r);
  return { ...rest, result: summarizeResult(result as unknown as RankingResult) };
};

/** A disputes row with its filer's and decider's names (parsed by `queryRows`). */
export const DisputeRowSchema = z.object({
  id: z.string(),
  violation_id: z.string(),
  window_id: z.string(),
  month: z.string(),
  filed_by: z.string(),
  filed_by_name: z.string(),
  reason: z.string(),
  filed_at: timestampColumn,
  status: DisputeStatusSchema,
  decided_by: z.string().nullable(),
  decided_by_name: z.string().nullable(),
  decision_reason: z.string().nullable(),
  decided_at: timestampColumn.nullable(),
  /** Issue #15 point 11: the evidence listed when filed (jsonb, checked by the domain's schema when filed). */
  evidence: z.array(z.custom<DisputeEvidence>()).nullable(),
});
export type DisputeRow = z.output<typeof DisputeRowSchema>;
export const DISPUTE_COLUMNS = `d.id, d.seq, d.deleted_at, d.violation_id, d.window_id, d.month, d.filed_by, uf.display_name as filed_by_name, d.reason, d.filed_at,
  d.status, d.decided_by, ud.display_name as decided_by_name, d.decision_reason, d.decided_at, d.evidence`;
export const DISPUTE_FROM = `disputes d join users uf on uf.id = d.filed_by left join users ud on ud.id = d.decided_by`;
export const disputeData = (r: DisputeRow): Dispute => ({
  id: r.id,
  violationId: r.violation_id,
  windowId: r.window_id,
  month: r.month,
  filedBy: r.filed_by,
  filedByName: r.filed_by_name,
  reason: r.reason,
  filedAt: iso(r.filed_at),
  status: r.status,
  decidedBy: r.decided_by,
  decidedByName: r.decided_by_name,
  decisionReason: r.decision_reason,
  decidedAt: r.decided_at ? iso(r.decided_at) : null,
  // Only when there is some: disputes without evidence look as they always did.
  ...(r.evidence?.length ? { evidence: r.evidence } : {}),
});

/** A bonus_records row (points: numeric, selected as float8; coerced as bonusData always did with Number). */
export const BonusRowSchema = z.object({
  id: z.string(),
  month: z.string(),
  window_id: z.string(),
  staff_id: z.string().nullable(),
  bonus_code: z.string(),
  points: z.coerce.number(),
  event_id: z.string(),
  note: z.string(),
  status: BonusStatusSchema,
});
export type BonusRow = z.output<typeof BonusRowSchema>;
export const BONUS_COLUMNS =
  'id, seq, deleted_at, month, window_id, staff_id, bonus_code, points::float8 as points, event_id, note, status';
export const bonusData = (r: BonusRow): BonusEntry => ({
  id: r.id,
  month: r.month,
  windowId: r.window_id,
  staffId: r.staff_id,
  bonusCode: r.bonus_code,
  points: Number(r.points),
  eventId: r.event_id,
  note: r.note,
  status: r.status,
});
