import { z } from 'zod';
import { boundedText } from '../bounds';

/**
 * Evidence of a dispute (DOMAIN §5.3: a dispute carries a reason and evidence; issue #15 point 11):
 * photos or a document the window head attaches, offline like leave documents. The dispute names
 * each file by the sha256 of its bytes; the phone uploads the bytes once the dispute is applied.
 */
export const DISPUTE_EVIDENCE_MAX = 5;
export const DISPUTE_EVIDENCE_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type DisputeEvidenceType = (typeof DISPUTE_EVIDENCE_TYPES)[number];

export const DisputeEvidenceSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/, { error: 'must be the lowercase hex sha256 of the file' }),
  mime: z.enum(DISPUTE_EVIDENCE_TYPES),
  name: boundedText(120).optional(),
});
export type DisputeEvidence = z.infer<typeof DisputeEvidenceSchema>;

/** At most DISPUTE_EVIDENCE_MAX files, each once. */
export const DisputeEvidenceListSchema = z
  .array(DisputeEvidenceSchema)
  .max(DISPUTE_EVIDENCE_MAX)
  .refine((list) => new Set(list.map((e) => e.hash)).size === list.length, { error: 'a file is attached twice' });
