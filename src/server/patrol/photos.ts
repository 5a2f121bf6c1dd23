import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HALL_WIDE_ROLES } from '../../domain';
import { requireUser, signedInUser } from '../auth/require-user';
import type { SessionUser } from '../auth/users';
import type { Config } from '../config';
import type { Db } from '../db/types';
import { PHOTO_TYPES, sniffContentType } from '../http/content-signature';
import { HttpError } from '../http/errors';
import type { Area } from '../http/zod-provider';
import { UPLOAD_BYTES_MAX } from '../../domain/files/limits';

export const PHOTO_BODY_LIMIT = UPLOAD_BYTES_MAX;
export const PHOTOS_PER_VIOLATION = 3;
const HASH = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** DATA_DIR/photos; an in-memory database keeps its photos in a temp dir of this process. */
export function photosDir(config: Pick<Config, 'dataDir'>): string {
  return config.dataDir.startsWith('memory://')
    ? join(tmpdir(), `window-duty-photos-${process.pid}`)
    : join(config.dataDir, 'photos');
}

/** May this user see the photos of this record: supervision/center leader, its recorder, the head of its window. */
async function mayView(db: Db, user: SessionUser, hash: string, violationId?: string): Promise<boolean> {
  if (HALL_WIDE_ROLES.includes(user.role)) return true;
  const rows = await db.query<{ recorded_by: string; window_id: string }>(
    `select v.recorded_by, v.window_id from photo_links p join violations v on v.id = p.violation_id
      where p.hash = $1 ${violationId ? 'and p.violation_id = $2' : ''}`,
    violationId ? [hash, violationId] : [hash],
  );
  return rows.some((r) => r.recorded_by === user.id || (user.role === 'window_head' && user.windowId === r.window_id));
}

/**
 * Photo evidence (issue #3 e):
 * PUT /api/photos/:sha256?violationId= — raw image body (≤ 5 MiB; JPEG, PNG or WebP by its
 *   signature, whatever the Content-Type says: else 415 unsupported_content), hash verified, stored once
 *   under DATA_DIR/photos/<sha256>.jpg and linked to the record (its recorder, ≤ 3 per record);
 *   idempotent: the same upload again answers 200 and changes nothing.
 * GET /api/photos/:sha256 — the bytes, for supervision, center leaders, the recorder and the head
 *   of the record's window.
 * GET /api/violations/:id/photos — the hashes linked to a record (same rule).
 */
export const photosArea: Area = async (app, { db, config }) => {
  const dir = photosDir(config);
  app.addHook('preValidation', requireUser(db));
  // The declared type only gets the body read; what is stored is decided by its signature.
  for (const type of PHOTO_TYPES)
    app.addContentTypeParser(type, { parseAs: 'buffer', bodyLimit: PHOTO_BODY_LIMIT }, (_request, body, done) =>
      done(null, body),
    );

  app.put<{ Params: { hash: string }; Querystring: { violationId?: string } }>(
    '/photos/:hash',
    { bodyLimit: PHOTO_BODY_LIMIT },
    async (request, reply) => {
      const user = signedInUser(request);
      const { hash } = request.params;
      const violationId = request.query.violationId;
      if (!HASH.test(hash))
        throw new HttpError(400, 'invalid_request', 'the path must be the lowercase hex sha256 of the body');
      if (!violationId || !UUID.test(violationId))
        throw new HttpError(400, 'invalid_request', 'violationId (the record the photo belongs to) is required');
      const body = request.body;
      if (!Buffer.isBuffer(body) || body.length === 0)
        throw new HttpError(415, 'unsupported_media_type', 'Send the photo as image/jpeg.');
      const actual = createHash('sha256').update(body).digest('hex');
      if (actual !== hash) throw new HttpError(400, 'hash_mismatch', `the body's sha256 is ${actual}, not ${hash}`);
      const type = sniffContentType(body);
      if (!type || !PHOTO_TYPES.includes(type))
        throw new HttpError(415, 'unsupported_content', 'The bytes are not a JPEG, PNG or WebP image.');
      // A record forwarded as a late submission (its month was closed) is not a violation row
      // until the section accepts it; its photos come now, so the section judges it with them.
      const [v] = await db.query<{ recorded_by: string }>(
        `select recorded_by from violations where id = $1
         union all
         select submitted_by from late_submissions where args->>'id' = $1::text and status = 'pending'
         limit 1`,
        [violationId],
      );
      if (!v)
        throw new HttpError(
          404,
          'not_found',
          `violation ${violationId} not found (upload after the record is applied)`,
        );
      if (v.recorded_by !== user.id)
        throw new HttpError(403, 'forbidden', 'only the recorder may add photos to a record');

      await mkdir(dir, { recursive: true });
      const file = join(dir, `${hash}.jpg`);
      const exists = await stat(file).then(
        () => true,
        () => false,
      );
      if (!exists) {
        const tmp = join(dir, `.${hash}.${randomUUID()}.tmp`);
        await writeFile(tmp, body);
        await rename(tmp, file); // atomic: a reader never sees half a photo
      }
      const linked = await db.transaction(async (tx) => {
        await tx.query('select id from violations where id = $1 for update', [violationId]); // serialise links of one record
        const links = await tx.query<{ hash: string }>('select hash from photo_links where violation_id = $1', [
          violationId,
        ]);
        if (links.some((l) => l.hash === hash)) return false;
        if (links.length >= PHOTOS_PER_VIOLATION) {
          throw new HttpError(409, 'too_many_photos', `a record has at most ${PHOTOS_PER_VIOLATION} photos`);
        }
        await tx.query('insert into photo_links (violation_id, hash, linked_by) values ($1, $2, $3)', [
          violationId,
          hash,
          user.id,
        ]);
        return true;
      });
      return reply.code(linked ? 201 : 200).send({ hash, violationId, bytes: body.length, contentType: type });
    },
  );

  app.get<{ Params: { hash: string } }>('/photos/:hash', async (request, reply) => {
    const user = signedInUser(request);
    const { hash } = request.params;
    if (!HASH.test(hash)) throw new HttpError(404, 'not_found', 'photo not found');
    if (!(await mayView(db, user, hash))) throw new HttpError(403, 'forbidden', 'you may not see this photo');
    const bytes = await readFile(join(dir, `${hash}.jpg`)).catch(() => null);
    if (!bytes) throw new HttpError(404, 'not_found', 'photo not found');
    // Served as what the bytes are (files are named .jpg whatever they hold); anything else, kept
    // before uploads were checked, only as a download — never rendered as a page of this origin.
    const type = sniffContentType(bytes);
    if (!type || !PHOTO_TYPES.includes(type)) reply.header('content-disposition', 'attachment');
    return reply
      .header('content-type', type && PHOTO_TYPES.includes(type) ? type : 'application/octet-stream')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(bytes);
  });

  app.get<{ Params: { id: string } }>('/violations/:id/photos', async (request) => {
    const user = signedInUser(request);
    if (!UUID.test(request.params.id)) throw new HttpError(404, 'not_found', 'violation not found');
    const rows = await db.query<{ hash: string }>(
      'select hash from photo_links where violation_id = $1 order by created_at',
      [request.params.id],
    );
    if (rows.length && !(await mayView(db, user, rows[0]!.hash, request.params.id)))
      throw new HttpError(403, 'forbidden', 'you may not see these photos');
    return { hashes: rows.map((r) => r.hash) };
  });
};
