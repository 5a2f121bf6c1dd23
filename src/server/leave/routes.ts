import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { HALL_WIDE_ROLES, leaveAccess } from '../../domain';
import { AssessmentMonthSchema } from '../../domain/assessment';
import { only, requireUser, signedInUser } from '../auth/require-user';
import type { Config } from '../config';
import type { Db } from '../db/types';
import { sniffContentType } from '../http/content-signature';
import { HttpError } from '../http/errors';
import { refusing, type Area } from '../http/zod-provider';
import { leaveConsequencesForMonth } from './consequences';
import { LEAVE_COLUMNS, actorOf, leaveFromRow, type LeaveDbRow } from './store';
import { UPLOAD_BYTES_MAX } from '../../domain/files/limits';

export const LEAVE_FILE_LIMIT = UPLOAD_BYTES_MAX;
const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
const ConsequencesQuerySchema = refusing(
  z.object({ month: AssessmentMonthSchema }),
  () => new HttpError(400, 'invalid_query', 'month must be YYYY-MM'),
);

/** DATA_DIR/leave-files; an in-memory database keeps them in a temp dir of this process. */
export function leaveFilesDir(config: Pick<Config, 'dataDir'>): string {
  return config.dataDir.startsWith('memory://')
    ? join(tmpdir(), `window-duty-leave-files-${process.pid}`)
    : join(config.dataDir, 'leave-files');
}

/** The leaves listing a document, as the domain's requests with their window's department. */
async function leavesListing(db: Db, hash: string, leaveId?: string) {
  const rows = await db.query<LeaveDbRow & { department: string }>(
    `select ${LEAVE_COLUMNS}, w.department from leaves l join windows w on w.id = l.window_id
      where l.attachments @> $1::jsonb ${leaveId ? 'and l.id = $2' : ''}`,
    leaveId ? [JSON.stringify([{ hash }]), leaveId] : [JSON.stringify([{ hash }])],
  );
  return rows.map((r) => ({ leave: leaveFromRow(r), window: { id: r.window_id, department: r.department } }));
}

/**
 * Leave documents (sick certificates, notices) and the consequences of leave for the assessment.
 *
 * PUT /api/leave-files/:sha256?leaveId= — raw body (image/jpeg, image/png or application/pdf,
 *   ≤ 5 MiB, checked by its signature: else 415 unsupported_content), hash verified, stored once; only a document the leave already lists (the mutation
 *   that adds it must be applied first), sent by the one who added it or the supervision section.
 * GET /api/leave-files/:sha256 — the bytes, only for those who see the leave in full: the
 *   requester, the approvers of that request and the supervision section (privacy rule).
 * GET /api/leave/consequences?month=YYYY-MM — supervision, center leaders: the assessment records.
 */
export const leaveArea: Area = async (app, { db, config }) => {
  const dir = leaveFilesDir(config);
  app.addHook('preValidation', requireUser(db));
  for (const type of TYPES)
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: LEAVE_FILE_LIMIT }, (_r, body, done) =>
      done(null, body),
    );
  app.put<{ Params: { hash: string }; Querystring: { leaveId?: string } }>(
    '/leave-files/:hash',
    { bodyLimit: LEAVE_FILE_LIMIT },
    async (request, reply) => {
      const user = signedInUser(request);
      const { hash } = request.params;
      const leaveId = request.query.leaveId;
      if (!HASH.test(hash))
        throw new HttpError(400, 'invalid_request', 'the path must be the lowercase hex sha256 of the body');
      if (!leaveId || !UUID.test(leaveId))
        throw new HttpError(400, 'invalid_request', 'leaveId (the leave the document belongs to) is required');
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new HttpError(
          415,
          'unsupported_media_type',
          'Send the document as image/jpeg, image/png or application/pdf.',
        );
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== hash) throw new HttpError(400, 'hash_mismatch', `the body's sha256 is ${actual}, not ${hash}`);
      // What is stored is what the bytes are, not what the Content-Type says.
      const sniffed = sniffContentType(body);
      const type = TYPES.find((t) => t === sniffed);
      if (!type) throw new HttpError(415, 'unsupported_content', 'The bytes are not a JPEG, PNG or PDF document.');
      // A document that claims to be another kind than its bytes is refused, not silently relabelled.
      const declared = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      if (declared !== type)
        throw new HttpError(
          415,
          'content_type_mismatch',
          `the document is sent as ${declared || 'no type'}, but the bytes are ${type}`,
        );
      const [found] = await leavesListing(db, hash, leaveId);
      if (!found)
        throw new HttpError(
          404,
          'not_found',
          `leave ${leaveId} does not list this document (upload after the change that adds it is applied)`,
        );
      const listed = found.leave.attachments.find((a) => a.hash === hash)!;
      if (listed.addedBy !== user.id && user.role !== 'supervision')
        throw new HttpError(
          403,
          'forbidden',
          'only the one who added the document or the supervision section may upload it',
        );
      if (listed.mime !== type)
        throw new HttpError(
          415,
          'content_type_mismatch',
          `the document was listed as ${listed.mime}, but the bytes are ${type}`,
        );

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
      const inserted = await db.query<{ hash: string }>(
        'insert into leave_files (hash, mime, bytes, uploaded_by) values ($1, $2, $3, $4) on conflict (hash) do nothing returning hash',
        [hash, type, body.length, user.id],
      );
      return reply.code(inserted.length ? 201 : 200).send({ hash, leaveId, bytes: body.length });
    },
  );

  app.get<{ Params: { hash: string } }>('/leave-files/:hash', async (request, reply) => {
    const user = signedInUser(request);
    const { hash } = request.params;
    if (!HASH.test(hash)) throw new HttpError(404, 'not_found', 'document not found');
    const actor = await actorOf(db, user);
    const listing = await leavesListing(db, hash);
    if (!listing.some(({ leave, window }) => leaveAccess(actor, leave, window) === 'full')) {
      throw new HttpError(
        403,
        'forbidden',
        'leave documents are seen only by the requester, the approvers of that request and the supervision section',
      );
    }
    const [meta] = await db.query<{ mime: string }>('select mime from leave_files where hash = $1', [hash]);
    const bytes = meta ? await readFile(join(dir, hash)).catch(() => null) : null;
    if (!meta || !bytes) throw new HttpError(404, 'not_found', 'document not uploaded yet');
    return reply
      .header('content-type', meta.mime)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(bytes);
  });

  app.get(
    '/leave/consequences',
    {
      config: only(HALL_WIDE_ROLES, 'the consequences of leave are for the supervision section and center leaders'),
      schema: { querystring: ConsequencesQuerySchema },
    },
    async (request) => {
      const { month } = request.query;
      return { month, consequences: await leaveConsequencesForMonth(db, month, config.hallTimeZone) };
    },
  );
};
