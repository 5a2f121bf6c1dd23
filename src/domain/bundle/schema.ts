import { z } from 'zod';
import { FloorSchema, IdSchema, IsoTimeSchema, StaffSchema, WindowSchema } from '../entities';
import { LeaveRequestSchema, OutingSchema, SubstituteArrangementSchema } from '../leave/entities';
import { SchemeSchema } from '../scheme/schema';
import { CODE_MAX, INT32_MAX, NAME_MAX, boundedText, month as MonthBound } from '../bounds';
import { VIOLATION_NOTE_MAX } from '../violation';
import { DISPUTE_REASON_MAX } from '../assessment/disputes';
import { PERIOD_SCORE_KINDS, PeriodQuotaSchema, PeriodScoreValueSchema } from '../assessment/period-inputs';

/**
 * The portable data of one center (issue 5 §6): everything the monthly assessment reads, as one
 * JSON document. `npm run cli -- export` writes it, `import` reads it, `assess` reproduces the
 * numbers from it. docs/bundle.schema.json is generated from this schema (a test keeps them equal).
 */
export const BUNDLE_FORMAT = 'window-duty-bundle';
export const BUNDLE_VERSION = 1;

const Month = MonthBound;
const Code = z
  .string()
  .max(CODE_MAX)
  .regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a scheme code' });

export const BundleSchemeSchema = z.object({
  id: IdSchema,
  version: z.number().int().positive().max(INT32_MAX),
  effectiveFrom: Month,
  scheme: SchemeSchema,
});

/** A deduction record: a patrol record or one the supervision section entered from another source. */
export const BundleViolationSchema = z.object({
  id: IdSchema,
  windowId: IdSchema,
  staffId: IdSchema.nullable(),
  /** The staff member a substitute stood in for; the record deducts the window. */
  substituteFor: IdSchema.nullable(),
  itemCode: Code,
  count: z.number().int().min(1).max(INT32_MAX),
  observedAt: IsoTimeSchema,
  note: boundedText(VIOLATION_NOTE_MAX),
  source: boundedText(40).min(1),
  status: z.enum(['active', 'withdrawn']),
  /** The recording user (an id of the exporting center; on import, kept when that user exists). */
  recordedBy: IdSchema,
  recordedByName: boundedText(NAME_MAX),
  /** #15: when the person came back (off post) or arrived (late), as recorded; absent: not recorded. */
  returnedAt: IsoTimeSchema.nullable().optional(),
});

export const BundleDisputeSchema = z.object({
  id: IdSchema,
  /** The disputed record: a violation, or (recordKind 'leave') a consequence of leave, by its derived id. */
  violationId: IdSchema,
  /** Absent: a violation. 'leave': a consequence of leave, computed from `leave` (not in `violations`). */
  recordKind: z.enum(['violation', 'leave']).optional(),
  /** For a consequence of leave (nothing in the bundle stores its window and month): required. */
  windowId: IdSchema.optional(),
  month: Month.optional(),
  reason: boundedText(DISPUTE_REASON_MAX).min(1),
  filedAt: IsoTimeSchema,
  filedBy: IdSchema,
  filedByName: boundedText(NAME_MAX),
  /** upheld: the record counts; overturned: it does not. */
  status: z.enum(['pending', 'upheld', 'overturned']),
  decisionReason: boundedText(DISPUTE_REASON_MAX).nullable(),
  decidedAt: IsoTimeSchema.nullable(),
});

export const BundleBonusSchema = z.object({
  id: IdSchema,
  month: Month,
  windowId: IdSchema,
  staffId: IdSchema.nullable(),
  bonusCode: Code,
  points: z.number().positive().max(9999), // numeric(6, 2)
  eventId: boundedText(80).min(1),
  note: boundedText(VIOLATION_NOTE_MAX),
  status: z.enum(['active', 'withdrawn']),
});

export const BundleDisqualificationSchema = z.object({
  id: IdSchema,
  month: Month,
  windowId: IdSchema,
  code: Code,
  reason: boundedText(1000).min(1),
  status: z.enum(['active', 'withdrawn']),
});

/** Duty windows' patrol compliance per month (computed from the roster and rounds at export). */
export const BundleDutyPatrolSchema = z.object({
  month: Month,
  windowId: IdSchema,
  roundsRequired: z.number().int().nonnegative().max(INT32_MAX),
  roundsDone: z.number().int().nonnegative().max(INT32_MAX),
});

/**
 * Leave (DOMAIN §6), as the server keeps it (the leaves table): person, window, type, from/to
 * half days, status, approval steps, whether a substitute was required, the closing (销假).
 * The assessment computes the consequences of leave from these rows, substitutes and outings
 * (src/domain/assessment/leave-records.ts), so they travel for `assess` to reproduce the numbers.
 * requestedBy is a user of the exporting center; on import it is kept when that user exists.
 * Attachments name documents by hash; the files themselves are not in the bundle.
 */
export const BundleLeaveSchema = LeaveRequestSchema.omit({ redacted: true });

/** 替岗 of a leave: a confirmed arrangement is what spares the window a NO_SUBSTITUTE deduction. */
export const BundleSubstituteSchema = SubstituteArrangementSchema;

/** 临时外出: outings over the monthly limit deduct. purpose is null when the exporter saw it redacted. */
export const BundleOutingSchema = OutingSchema.omit({ redacted: true });

/** A quarter ('2026-Q1') or a year ('2026'). */
const PeriodLabel = z.string().regex(/^\d{4}(-Q[1-4])?$/, { error: 'must be YYYY or YYYY-Qn' });

/** The personnel office's 优秀 quota of a quarter or year (DOMAIN §5.8, issue #15). */
export const BundlePeriodQuotaSchema = PeriodQuotaSchema.extend({ period: PeriodLabel });

/** An imported period score of a person: peer review (窗口互评) or public satisfaction (群众满意度), 0–100. */
export const BundlePeriodScoreSchema = z.object({
  period: PeriodLabel,
  staffId: IdSchema,
  kind: z.enum(PERIOD_SCORE_KINDS),
  score: PeriodScoreValueSchema,
});

export const BundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: IsoTimeSchema,
  floors: z.array(FloorSchema),
  windows: z.array(WindowSchema),
  staff: z.array(StaffSchema),
  schemes: z.array(BundleSchemeSchema).min(1),
  violations: z.array(BundleViolationSchema),
  disputes: z.array(BundleDisputeSchema),
  bonuses: z.array(BundleBonusSchema),
  disqualifications: z.array(BundleDisqualificationSchema),
  dutyPatrols: z.array(BundleDutyPatrolSchema),
  leave: z.array(BundleLeaveSchema).optional(),
  substitutes: z.array(BundleSubstituteSchema).optional(),
  outings: z.array(BundleOutingSchema).optional(),
  /** Quarter and year inputs (absent in bundles of older builds). */
  periodQuotas: z.array(BundlePeriodQuotaSchema).optional(),
  periodScores: z.array(BundlePeriodScoreSchema).optional(),
});
export type Bundle = z.infer<typeof BundleSchema>;

export interface BundleProblem {
  path: string;
  message: string;
}

/**
 * What the JSON Schema cannot say: every reference points at something in the bundle, ids are
 * unique, a substitute covers someone of the window. Empty when the bundle is consistent.
 */
export function bundleProblems(b: Bundle): BundleProblem[] {
  const problems: BundleProblem[] = [];
  const unique = (name: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) problems.push({ path: `${name}[${i}].id`, message: `duplicate id ${id}` });
      seen.add(id);
    });
  };
  for (const key of [
    'floors',
    'windows',
    'staff',
    'schemes',
    'violations',
    'disputes',
    'bonuses',
    'disqualifications',
  ] as const)
    unique(
      key,
      b[key].map((x) => x.id),
    );
  for (const key of ['leave', 'substitutes', 'outings'] as const)
    unique(
      key,
      (b[key] ?? []).map((x) => x.id),
    );
  const floors = new Set(b.floors.map((f) => f.id));
  const windows = new Set(b.windows.map((w) => w.id));
  const staffWindow = new Map(b.staff.map((s) => [s.id, s.windowId]));
  const violations = new Set(b.violations.map((v) => v.id));
  const need = (ok: boolean, path: string, message: string) => ok || problems.push({ path, message });
  b.windows.forEach((w, i) => need(floors.has(w.floorId), `windows[${i}].floorId`, `unknown floor ${w.floorId}`));
  b.staff.forEach((s, i) => need(windows.has(s.windowId), `staff[${i}].windowId`, `unknown window ${s.windowId}`));
  b.violations.forEach((v, i) => {
    need(windows.has(v.windowId), `violations[${i}].windowId`, `unknown window ${v.windowId}`);
    if (v.staffId) need(staffWindow.has(v.staffId), `violations[${i}].staffId`, `unknown staff member ${v.staffId}`);
    if (v.substituteFor)
      need(
        staffWindow.get(v.substituteFor) === v.windowId,
        `violations[${i}].substituteFor`,
        "must be a staff member of the record's window",
      );
  });
  b.disputes.forEach((d, i) => {
    if (d.recordKind !== 'leave')
      return void need(
        violations.has(d.violationId),
        `disputes[${i}].violationId`,
        `unknown violation ${d.violationId}`,
      );
    need(
      !!d.windowId && windows.has(d.windowId),
      `disputes[${i}].windowId`,
      'a dispute of a consequence of leave names a window of the bundle',
    );
    need(!!d.month, `disputes[${i}].month`, 'a dispute of a consequence of leave names its month');
  });
  const disputed = new Set<string>();
  b.disputes.forEach((d, i) => {
    need(!disputed.has(d.violationId), `disputes[${i}].violationId`, 'one record, one dispute');
    disputed.add(d.violationId);
  });
  b.bonuses.forEach((x, i) => {
    need(windows.has(x.windowId), `bonuses[${i}].windowId`, `unknown window ${x.windowId}`);
    if (x.staffId) need(staffWindow.has(x.staffId), `bonuses[${i}].staffId`, `unknown staff member ${x.staffId}`);
  });
  b.disqualifications.forEach((x, i) =>
    need(windows.has(x.windowId), `disqualifications[${i}].windowId`, `unknown window ${x.windowId}`),
  );
  b.dutyPatrols.forEach((x, i) =>
    need(windows.has(x.windowId), `dutyPatrols[${i}].windowId`, `unknown window ${x.windowId}`),
  );
  const leaveIds = new Set((b.leave ?? []).map((l) => l.id));
  (b.leave ?? []).forEach((x, i) => {
    need(staffWindow.has(x.staffId), `leave[${i}].staffId`, `unknown staff member ${x.staffId}`);
    need(windows.has(x.windowId), `leave[${i}].windowId`, `unknown window ${x.windowId}`);
    if (x.extensionOf) need(leaveIds.has(x.extensionOf), `leave[${i}].extensionOf`, `unknown leave ${x.extensionOf}`);
  });
  (b.substitutes ?? []).forEach((x, i) => {
    need(leaveIds.has(x.leaveId), `substitutes[${i}].leaveId`, `unknown leave ${x.leaveId}`);
    need(windows.has(x.windowId), `substitutes[${i}].windowId`, `unknown window ${x.windowId}`);
    need(staffWindow.has(x.forStaffId), `substitutes[${i}].forStaffId`, `unknown staff member ${x.forStaffId}`);
    if (x.substituteStaffId)
      need(
        staffWindow.has(x.substituteStaffId),
        `substitutes[${i}].substituteStaffId`,
        `unknown staff member ${x.substituteStaffId}`,
      );
  });
  (b.outings ?? []).forEach((x, i) => {
    need(staffWindow.has(x.staffId), `outings[${i}].staffId`, `unknown staff member ${x.staffId}`);
    need(windows.has(x.windowId), `outings[${i}].windowId`, `unknown window ${x.windowId}`);
  });
  const quotaPeriods = new Set<string>();
  (b.periodQuotas ?? []).forEach((x, i) => {
    need(!quotaPeriods.has(x.period), `periodQuotas[${i}].period`, `two quotas for ${x.period}`);
    quotaPeriods.add(x.period);
  });
  const scoreKeys = new Set<string>();
  (b.periodScores ?? []).forEach((x, i) => {
    need(staffWindow.has(x.staffId), `periodScores[${i}].staffId`, `unknown staff member ${x.staffId}`);
    const key = `${x.period}|${x.staffId}|${x.kind}`;
    need(!scoreKeys.has(key), `periodScores[${i}]`, `two ${x.kind} scores of ${x.staffId} for ${x.period}`);
    scoreKeys.add(key);
  });
  const versions = new Set<number>();
  b.schemes.forEach((s, i) => {
    need(!versions.has(s.version), `schemes[${i}].version`, `duplicate scheme version ${s.version}`);
    need(s.scheme.version === s.version, `schemes[${i}].scheme.version`, 'must equal the version');
    versions.add(s.version);
  });
  return problems;
}

/** The bundle's JSON Schema (draft 2020-12), as generated into docs/bundle.schema.json. */
export function bundleJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(BundleSchema, { target: 'draft-2020-12', io: 'input' });
  return {
    $schema: generated.$schema,
    $id: 'https://window-duty.example/bundle.schema.json',
    title: 'Window Duty center bundle',
    description:
      'Floors, windows, staff, scheme versions, deduction records with their status, disputes, bonuses, disqualifications, duty patrol compliance and leave (requests, substitutes, outings: the assessment computes their consequences) and the quarter/year inputs (优秀 quota, peer review and public satisfaction scores) of one service center.',
    ...generated,
  };
}
