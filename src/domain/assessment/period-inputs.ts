import { z } from 'zod';
import { IdSchema } from '../entities';
import type { Scheme } from '../scheme/schema';
import type { ExcellentQuota } from './grades';
import type { PeriodInput } from './period';

/**
 * What the supervision section enters for a quarter or a year (DOMAIN §5.8, issue #15 point 10):
 * the personnel office's 优秀 quota and the two scores blended with the monthly average — the
 * peer review (窗口互评) and the public satisfaction (群众满意度), each 0–100 per person.
 */
export const PERIOD_SCORE_KINDS = ['peer_review', 'public_satisfaction'] as const;
export type PeriodScoreKind = (typeof PERIOD_SCORE_KINDS)[number];

/** A quota is a head count; a hall has far fewer staff than this. */
export const PERIOD_QUOTA_MAX = 10_000;
export const PERIOD_SCORES_MAX = 20_000;

/** A score 0–100 with at most two decimals (numeric(5, 2) in the database). */
export const PeriodScoreValueSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, { error: 'at most two decimals' });

export const PeriodQuotaSchema = z.object({
  quota: z.number().int().min(0).max(PERIOD_QUOTA_MAX),
  tieRule: z.enum(['include_all_tied', 'exclude_all_tied']),
});
export type PeriodQuota = z.infer<typeof PeriodQuotaSchema>;

export const PeriodScoreSchema = z.object({
  staffId: IdSchema,
  kind: z.enum(PERIOD_SCORE_KINDS),
  score: PeriodScoreValueSchema,
});
export type PeriodScore = z.infer<typeof PeriodScoreSchema>;

/** The inputs of one period as the server keeps them (and the phone caches them). */
export const PeriodInputsSchema = z.object({
  quota: PeriodQuotaSchema.nullable(),
  scores: z.array(PeriodScoreSchema).max(PERIOD_SCORES_MAX),
});
export type PeriodInputs = z.infer<typeof PeriodInputsSchema>;

/** The body of PUT /api/admin/periods/:period/quota: a quota, or null to remove it. */
export const PeriodQuotaBodySchema = z.object({ quota: PeriodQuotaSchema.nullable() });

/**
 * The aggregation's options from a period's inputs under a scheme: the quota when set; the blend
 * (the scheme's weights, default 40/30/30) as soon as any score was imported for the period —
 * a person without both scores is then graded on the monthly average, with a note.
 */
export function periodOptionsOf(
  inputs: PeriodInputs | null | undefined,
  scheme: Scheme,
): Pick<PeriodInput, 'blend' | 'excellentQuota'> {
  const out: Pick<PeriodInput, 'blend' | 'excellentQuota'> = {};
  if (!inputs) return out;
  if (inputs.quota) out.excellentQuota = { quota: inputs.quota.quota, tieRule: inputs.quota.tieRule } as ExcellentQuota;
  if (inputs.scores.length) {
    const peerReview: Record<string, number> = {};
    const publicSatisfaction: Record<string, number> = {};
    for (const s of inputs.scores) (s.kind === 'peer_review' ? peerReview : publicSatisfaction)[s.staffId] = s.score;
    out.blend = { peerReview, publicSatisfaction, ...(scheme.periodBlend ? { weights: scheme.periodBlend } : {}) };
  }
  return out;
}
