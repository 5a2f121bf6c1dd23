import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { HALL_WIDE_ROLES } from '../../domain';
import { DISPUTE_EVIDENCE_TYPES, type DisputeEvidence } from '../../domain/assessment';
import { requireUser, signedInUser } from '../auth/require-user';
import type { Config } from '../config';
import { queryRows } from '../db/query-rows';
import type { Db } from '../db/types';
import { sniffContentType } from '../http/content-signature';
import { HttpError } from '../http/errors';
import { UPLOAD_BYTES_MAX } from '../../domain/files/limits';

export const DISPUTE_FILE_LIMIT = UPLOAD_BYTES_MAX;
const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** DATA_DIR/dispute-files; an in-memory database keeps them in a temp dir of this process. */
export function disputeFilesDir(config: Pick<Config, 'dataDir'>): string {
  return config.dataDir.startsWith('memory://')
    ? join(tmpdir(), `window-duty-dispute-files-${process.pid}`)
    : join(config.dataDir, 'dispute-files');
}

const ListingSchema = z.object({
  id: z.string(),
  window_id: z.string(),
  filed_by: z.string(),
  evidence: z.array(z.custom<DisputeEvidence>()),
});
type Listing = z.output<typeof ListingSchema>;

/** The disputes listing a file (or the one named). */
async function disputesListing(db: Db, hash: string, disputeId?: string): Promise<Listing[]> {
  return queryRows(
    db,
    `select id, window_id, filed_by, evidence from disputes
      where deleted_at is null and evidence @> $1::jsonb ${disputeId ? 'and id = $2' : ''}`,
    disputeId ? [JSON.stringify([{ hash }]), disputeId] : [JSON.stringify([{ hash }])],
    ListingSchema,
  );
}

/**
 * Evidence of disputes (issue #15 point 11, DOMAIN §5.3).
 *
 * PUT /api/dispute-files/:sha256?disputeId= — raw body (image/jpeg, image/png or application/pdf,
 *   ≤ 5 MiB, checked by its signature and hash), stored once; only a file the dispute already
 *   lists (the dispute.file change must be applied first), sent by the window head who filed it
 *   or the supervision section.
 * GET /api/dispute-files/:sha256 — the bytes, for those who see the dispute: the supervision
 *   section and center leaders (who decide and approve), and the head of the dispute's window.
 */
export async function registerDisputeFileRoutes(
  app: FastifyInstance,
  db: Db,
  config: Pick<Config, 'dataDir'>,
): Promise<void> {
  const dir = disputeFilesDir(config);
  await app.register(async (scope) => {
    for (const type of DISPUTE_EVIDENCE_TYPES)
      scope.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: DISPUTE_FILE_LIMIT }, (_r, body, done) =>
        done(null, body),
      );
    scope.put<{ Params: { hash: string }; Querystring: { disputeId?: string } }>(
      '/api/dispute-files/:hash',
      { preHandler: requireUser(db), bodyLimit: DISPUTE_FILE_LIMIT },
      async (request, reply) => {
        const user = signedInUser(request);
        const { hash } = request.params;
        const disputeId = request.query.disputeId;
        if (!HASH.test(hash))
          throw new HttpError(400, 'invalid_request', 'the path must be the lowercase hex sha256 of the body');
        if (typeof disputeId !== 'string' || !UUID.test(disputeId))
          throw new HttpError(400, 'invalid_request', 'disputeId (the dispute the file belongs to) is required');
        const body = request.body;
        if (!Buffer.isBuffer(body) || body.length === 0)
          throw new HttpError(
            415,
            'unsupported_media_type',
            'Send the file as image/jpeg, image/png or application/pdf.',
          );
        const actual = createHash('sha256').update(body).digest('hex');
        if (actual !== hash) throw new HttpError(400, 'hash_mismatch', `the body's sha256 is ${actual}, not ${hash}`);
        // What is stored is what the bytes are, not what the Content-Type says.
        const sniffed = sniffContentType(body);
        const type = DISPUTE_EVIDENCE_TYPES.find((t) => t === sniffed);
        if (!type) throw new HttpError(415, 'unsupported_content', 'The bytes are not a JPEG, PNG or PDF file.');
        const declared = String(request.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        if (declared !== type)
          throw new HttpError(
            415,
            'content_type_mismatch',
            `the file is sent as ${declared || 'no type'}, but the bytes are ${type}`,
          );
        const [found] = await disputesListing(db, hash, disputeId.toLowerCase());
        if (!found)
          throw new HttpError(
            404,
            'not_found',
            `dispute ${disputeId} does not list this file (upload after the dispute is applied)`,
          );
        if (found.filed_by !== user.id && user.role !== 'supervision')
          throw new HttpError(
            403,
            'forbidden',
            'only the window head who filed the dispute or the supervision section may upload its evidence',
          );
        const listed = found.evidence.find((e) => e.hash === hash)!;
        if (listed.mime !== type)
          throw new HttpError(415, 'content_type_mismatch', `the file was listed as ${listed.mime}, but is ${type}`);

        await mkdir(dir, { recursive: true });
        const file = join(dir, hash);
        if (
          !(await stat(file).then(
            () => true,
            () => false,
          ))
        ) {
          const tmp = join(dir, `.${hash}.${randomUUID()}.tmp`);
          await writeFile(tmp, body);
          await rename(tmp, file); // atomic: a reader never sees half a file
        }
        const inserted = await queryRows(
          db,
          'insert into dispute_files (hash, mime, bytes, uploaded_by) values ($1, $2, $3, $4) on conflict (hash) do nothing returning hash',
          [hash, type, body.length, user.id],
          z.object({ hash: z.string() }),
        );
        return reply.code(inserted.length ? 201 : 200).send({ hash, disputeId: found.id, bytes: body.length });
      },
    );
  });

  app.get<{ Params: { hash: string } }>(
    '/api/dispute-files/:hash',
    { preHandler: requireUser(db) },
    async (request, reply) => {
      const user = signedInUser(request);
      const { hash } = request.params;
      if (!HASH.test(hash)) throw new HttpError(404, 'not_found', 'file not found');
      const listing = await disputesListing(db, hash);
      const sees = (d: Listing) =>
        HALL_WIDE_ROLES.includes(user.role) || (user.role === 'window_head' && user.windowId === d.window_id);
      if (!listing.some(sees))
        throw new HttpError(
          403,
          'forbidden',
          'dispute evidence is seen by the supervision section, center leaders and the head of its window',
        );
      const [meta] = await queryRows(
        db,
        'select mime from dispute_files where hash = $1',
        [hash],
        z.object({ mime: z.enum(DISPUTE_EVIDENCE_TYPES) }),
      );
      const bytes = meta ? await readFile(join(dir, hash)).catch(() => null) : null;
      if (!meta || !bytes) throw new HttpError(404, 'not_found', 'file not uploaded yet');
      return reply
        .header('content-type', meta.mime)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=31536000, immutable')
        .send(bytes);
    },
  );
}
