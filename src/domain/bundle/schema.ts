import { z } from 'zod';
import { FloorSchema, IdSchema, IsoTimeSchema, StaffSchema, WindowSchema } from '../entities';
import { SchemeSchema } from '../scheme/schema';

/**
 * The portable data of one center (issue 5 §6): everything the monthly assessment reads, as one
 * JSON document. `npm run cli -- export` writes it, `import` reads it, `assess` reproduces the
 * numbers from it. docs/bundle.schema.json is generated from this schema (a test keeps them equal).
 */
export const BUNDLE_FORMAT = 'window-duty-bundle';
export const BUNDLE_VERSION = 1;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be YYYY-MM' });
const Code = z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'must be a scheme code' });

export const BundleSchemeSchema = z.object({
  id: IdSchema,
  version: z.number().int().positive(),
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
  count: z.number().int().min(1),
  observedAt: IsoTimeSchema,
  note: z.string(),
  source: z.string().min(1).max(40),
  status: z.enum(['active', 'withdrawn']),
  /** The recording user (an id of the exporting center; on import, kept when that user exists). */
  recordedBy: IdSchema,
  recordedByName: z.string(),
});

export const BundleDisputeSchema = z.object({
  id: IdSchema,
  violationId: IdSchema,
  reason: z.string().min(1),
  filedAt: IsoTimeSchema,
  filedBy: IdSchema,
  filedByName: z.string(),
  /** upheld: the record counts; overturned: it does not. */
  status: z.enum(['pending', 'upheld', 'overturned']),
  decisionReason: z.string().nullable(),
  decidedAt: IsoTimeSchema.nullable(),
});

export const BundleBonusSchema = z.object({
  id: IdSchema,
  month: Month,
  windowId: IdSchema,
  staffId: IdSchema.nullable(),
  bonusCode: Code,
  points: z.number().positive(),
  eventId: z.string().min(1).max(80),
  note: z.string(),
  status: z.enum(['active', 'withdrawn']),
});

export const BundleDisqualificationSchema = z.object({
  id: IdSchema,
  month: Month,
  windowId: IdSchema,
  code: Code,
  reason: z.string().min(1),
  status: z.enum(['active', 'withdrawn']),
});

/** Duty windows' patrol compliance per month (computed from the roster and rounds at export). */
export const BundleDutyPatrolSchema = z.object({
  month: Month,
  windowId: IdSchema,
  roundsRequired: z.number().int().nonnegative(),
  roundsDone: z.number().int().nonnegative(),
});

/** Leave (DOMAIN §6), simply shaped; optional: this build neither exports nor stores it. */
export const BundleLeaveSchema = z.object({
  id: IdSchema,
  staffId: IdSchema,
  type: z.string().min(1),
  from: IsoTimeSchema,
  to: IsoTimeSchema,
  status: z.string().min(1),
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
  for (const key of ['floors', 'windows', 'staff', 'schemes', 'violations', 'disputes', 'bonuses', 'disqualifications'] as const) unique(key, b[key].map((x) => x.id));
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
    if (v.substituteFor) need(staffWindow.get(v.substituteFor) === v.windowId, `violations[${i}].substituteFor`, 'must be a staff member of the record\'s window');
  });
  b.disputes.forEach((d, i) => need(violations.has(d.violationId), `disputes[${i}].violationId`, `unknown violation ${d.violationId}`));
  const disputed = new Set<string>();
  b.disputes.forEach((d, i) => {
    need(!disputed.has(d.violationId), `disputes[${i}].violationId`, 'one record, one dispute');
    disputed.add(d.violationId);
  });
  b.bonuses.forEach((x, i) => {
    need(windows.has(x.windowId), `bonuses[${i}].windowId`, `unknown window ${x.windowId}`);
    if (x.staffId) need(staffWindow.has(x.staffId), `bonuses[${i}].staffId`, `unknown staff member ${x.staffId}`);
  });
  b.disqualifications.forEach((x, i) => need(windows.has(x.windowId), `disqualifications[${i}].windowId`, `unknown window ${x.windowId}`));
  b.dutyPatrols.forEach((x, i) => need(windows.has(x.windowId), `dutyPatrols[${i}].windowId`, `unknown window ${x.windowId}`));
  (b.leave ?? []).forEach((x, i) => need(staffWindow.has(x.staffId), `leave[${i}].staffId`, `unknown staff member ${x.staffId}`));
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
    description: 'Floors, windows, staff, scheme versions, deduction records with their status, disputes, bonuses, disqualifications, duty patrol compliance and (optionally) leave of one service center.',
    ...generated,
  };
}
