import { z } from 'zod';
import { DisputeSchema } from '../assessment/disputes';
import { BonusEntrySchema } from '../assessment/from-records';
import { AssessmentMonthSchema } from '../assessment/inputs';
import { month, NAME_MAX, SERVER_TEXT_MAX, uint32 } from '../bounds';
import { FloorSchema, IdSchema, IsoTimeSchema, StaffSchema, WindowSchema } from '../entities';
import { LeaveRowSchema, OutingSchema, SubstituteArrangementSchema } from '../leave/entities';
import { DutyRosterSchema } from '../patrol/roster';
import { RoundSchema } from '../patrol/rounds';
import { SchemeSchema } from '../scheme/schema';
import { ViolationSchema } from '../violation';
import type { SyncedEntity } from './protocol';

/**
 * The shape of every row a pull hands a phone, one schema per synced table: what the server's
 * feeds (src/server/sync/pull.ts) promise and the phone's tables (src/app/db) rely on. The contract
 * test (test/integration/contract.test.ts) holds every pulled row to these. Not imported by the
 * app: it is the reference, not a runtime check.
 */

/** A scheme version as synced: the scheme in force from a month. */
export const SchemeRowSchema = z
  .object({ id: IdSchema, version: uint32.min(1), effectiveFrom: month, scheme: SchemeSchema })
  .strict();

/**
 * A published assessment version as synced. The result is the engine's full output (typed in
 * domain/assessment/month.ts, computed by the server, not input): its frame is checked here.
 */
export const AssessmentVersionRowSchema = z
  .object({
    id: IdSchema,
    month: AssessmentMonthSchema,
    version: uint32.min(1),
    schemeVersion: uint32.min(1),
    dataAsOf: IsoTimeSchema,
    reason: z.string().max(SERVER_TEXT_MAX).nullable(),
    approvedBy: IdSchema.nullable(),
    approvedByName: z.string().max(NAME_MAX).nullable(),
    approvedAt: IsoTimeSchema.nullable(),
    publishedBy: IdSchema,
    publishedByName: z.string().max(NAME_MAX),
    publishedAt: IsoTimeSchema,
    result: z
      .object({
        month: AssessmentMonthSchema,
        schemeVersion: uint32,
        windows: z.array(z.object({ windowId: IdSchema }).loose()),
        staff: z.array(z.object({ staffId: IdSchema }).loose()),
      })
      .loose(),
  })
  .strict();

export const PULLED_ROW_SCHEMAS: Record<SyncedEntity, z.ZodType> = {
  floors: FloorSchema,
  windows: WindowSchema,
  staff: StaffSchema,
  schemes: SchemeRowSchema,
  violations: ViolationSchema,
  rounds: RoundSchema,
  duty_roster: DutyRosterSchema,
  leaves: LeaveRowSchema,
  substitutes: SubstituteArrangementSchema,
  outings: OutingSchema,
  assessments: AssessmentVersionRowSchema,
  disputes: DisputeSchema,
  bonuses: BonusEntrySchema,
};
