import { hallDay, hallDayBoundsUtc } from '../../domain/hall-time';
import type { Api } from '../http/zod-provider';
import { AuditQuerySchema, type AuditQuery, type AuditRecord } from '../../domain/admin';
import { IdSchema } from '../../domain';
import type { Db } from '../db/types';

// ---- reading the log (GET /api/admin/audit, /api/admin/audit.csv)

interface AuditRow {
  id: number;
  at: Date;
  actor_id: string | null;
  actor_name: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
}
const toRecord = (r: AuditRow): AuditRecord => ({
  id: Number(r.id),
  at: new Date(r.at).toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  before: r.before ?? null,
  after: r.after ?? null,
  ip: r.ip,
});

/** A bare date is a day of the hall (its time zone); `to` includes that whole day. */
function bound(value: string, end: boolean, zone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const bounds = hallDayBoundsUtc(value, zone);
  return end ? bounds.to : bounds.from;
}

function filters(q: Omit<AuditQuery, 'limit'>, zone: string): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (q.action) add('action = ?', q.action);
  if (q.entity) add('entity = ?', q.entity);
  if (q.actor) {
    if (IdSchema.safeParse(q.actor).success) add('actor_id = ?', q.actor);
    else add(`actor_name ilike ?`, `%${q.actor.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (q.from) add('at >= ?::timestamptz', bound(q.from, false, zone));
  if (q.to) add(q.to.length === 10 ? 'at < ?::timestamptz' : 'at <= ?::timestamptz', bound(q.to, true, zone));
  if (q.cursor) add('id < ?', q.cursor);
  return { where: clauses.length ? `where ${clauses.join(' and ')}` : '', params };
}

const CSV_MAX_ROWS = 100_000;

/** One CSV field: quoted when needed; a leading = + - @ is defused so spreadsheets do not run it. */
function csvField(value: unknown): string {
  let s = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function registerAuditRoutes(app: Api, db: Db, zone: string): void {
  app.get('/audit', { schema: { querystring: AuditQuerySchema } }, async (request) => {
    const q = request.query;
    const { where, params } = filters(q, zone);
    const rows = await db.query<AuditRow>(
      `select * from audit_log ${where} order by id desc limit ${q.limit + 1}`,
      params,
    );
    const page = rows.slice(0, q.limit).map(toRecord);
    return { entries: page, nextCursor: rows.length > q.limit ? page.at(-1)!.id : null };
  });

  app.get('/audit.csv', { schema: { querystring: AuditQuerySchema.omit({ limit: true }) } }, async (request, reply) => {
    const q = request.query;
    const { where, params } = filters(q, zone);
    const rows = await db.query<AuditRow>(
      `select * from audit_log ${where} order by id desc limit ${CSV_MAX_ROWS}`,
      params,
    );
    const header = ['id', 'at', 'actor_id', 'actor_name', 'action', 'entity', 'entity_id', 'before', 'after', 'ip'];
    const lines = [header.join(',')];
    for (const r of rows.map(toRecord)) {
      lines.push(
        [r.id, r.at, r.actorId, r.actorName, r.action, r.entity, r.entityId, r.before, r.after, r.ip]
          .map(csvField)
          .join(','),
      );
    }
    // A BOM so Excel opens the Chinese names as UTF-8.
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-${hallDay(new Date(), zone)}.csv"`)
      .header('cache-control', 'no-store')
      .send(`\uFEFF${lines.join('\r\n')}\r\n`);
  });
}
