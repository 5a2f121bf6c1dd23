import type { z } from 'zod';
import type { Db } from '../db/types';
import { idParams, type Api } from '../http/zod-provider';
import { change, conflict, notFound } from './common';

/**
 * One synced configuration entity of the console (floors, windows, staff, duty roster): create,
 * update and soft delete, each one audited change under the change-feed lock (`change`), so
 * phones get it on their next pull. What differs per entity is given here; the routes, the 404s,
 * the audit entries and the answers are the same for all:
 *
 *   POST   {path}      body `input`  → 201 {[key]: created}
 *   PATCH  {path}/:id  body `patch`  → 200 {[key]: after}   (404 unknown or deleted)
 *   DELETE {path}/:id                → 204                    (409 `in_use` when `inUse` says so)
 *   GET    {path}      (when `list` is given) → {[listKey]: rows}
 */
export interface CrudSpec<T extends { id: string }, I extends z.ZodType, P extends z.ZodType> {
  path: string;
  /** The table whose `deleted_at` a delete sets. */
  table: string;
  /** The audit entity, and the key of the answer ({floor}, {entry}, …). */
  entity: string;
  key: string;
  /** Named in 404 messages ("No staff member …"). */
  what: string;
  input: I;
  patch: P;
  /** The 409 message when a unique index refuses the write (a race past the duplicate check). */
  duplicateMessage?: string;
  list?: { key: string; rows: (db: Db) => Promise<T[]> };
  /** The live (not deleted) row, as the API shows it. */
  live(tx: Db, id: string): Promise<T | undefined>;
  create(tx: Db, input: z.output<I>): Promise<T>;
  update(tx: Db, before: T, patch: z.output<P>): Promise<T>;
  /** Why it cannot be deleted now (a 409 `in_use` message), or null. */
  inUse?(tx: Db, id: string): Promise<string | null>;
}

export function crudRoutes<T extends { id: string }, I extends z.ZodType, P extends z.ZodType>(
  app: Api,
  db: Db,
  spec: CrudSpec<T, I, P>,
): void {
  const params = idParams(spec.what);
  const { entity } = spec;

  if (spec.list) {
    const list = spec.list;
    app.get(spec.path, async () => ({ [list.key]: await list.rows(db) }));
  }

  app.post(spec.path, { schema: { body: spec.input } }, async (request, reply) => {
    const input = request.body as z.output<I>;
    const created = await change(
      db,
      request,
      async ({ tx, audit }) => {
        const row = await spec.create(tx, input);
        await audit({ action: 'create', entity, entityId: row.id, after: row });
        return row;
      },
      spec.duplicateMessage,
    );
    return reply.code(201).send({ [spec.key]: created });
  });

  app.patch(`${spec.path}/:id`, { schema: { params, body: spec.patch } }, async (request) => {
    const { id } = request.params;
    const patch = request.body as z.output<P>;
    const after = await change(
      db,
      request,
      async ({ tx, audit }) => {
        const before = await spec.live(tx, id);
        if (!before) throw notFound(spec.what, id);
        const row = await spec.update(tx, before, patch);
        await audit({ action: 'update', entity, entityId: id, before, after: row });
        return row;
      },
      spec.duplicateMessage,
    );
    return { [spec.key]: after };
  });

  app.delete(`${spec.path}/:id`, { schema: { params } }, async (request, reply) => {
    const { id } = request.params;
    await change(db, request, async ({ tx, audit }) => {
      const before = await spec.live(tx, id);
      if (!before) throw notFound(spec.what, id);
      const busy = spec.inUse ? await spec.inUse(tx, id) : null;
      if (busy) throw conflict('in_use', busy);
      await tx.query(`update ${spec.table} set deleted_at = now() where id = $1`, [id]);
      await audit({ action: 'delete', entity, entityId: id, before });
    });
    return reply.code(204).send();
  });
}
