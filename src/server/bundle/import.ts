import { randomBytes, randomUUID } from 'node:crypto';
import { BundleSchema, bundleProblems, type Bundle } from '../../domain/bundle/schema';
import { hashPassword } from '../auth/passwords';
import { lockChangeFeed } from '../db/locks';
import type { Db } from '../db/types';
import { exportBundle } from './export';
import { upsertLeaves, upsertOutings, upsertSubstitutes } from '../leave/store';

/** A bundle that cannot be imported, with every reason found (paths into the bundle). */
export class BundleImportError extends Error {
  override name = 'BundleImportError';
  constructor(readonly problems: { path: string; message: string }[]) {
    super(
      `The bundle cannot be imported:\n${problems
        .slice(0, 50)
        .map((p) => `  ${p.path || '(bundle)'}: ${p.message}`)
        .join('\n')}${problems.length > 50 ? `\n  … and ${problems.length - 50} more` : ''}`,
    );
  }
}

type Section =
  | 'floors'
  | 'windows'
  | 'staff'
  | 'schemes'
  | 'violations'
  | 'disputes'
  | 'bonuses'
  | 'disqualifications'
  | 'dutyPatrols'
  | 'leave'
  | 'substitutes'
  | 'outings'
  | 'periodQuotas'
  | 'periodScores';
const SECTIONS: Section[] = [
  'floors',
  'windows',
  'staff',
  'schemes',
  'violations',
  'disputes',
  'bonuses',
  'disqualifications',
  'dutyPatrols',
  'leave',
  'substitutes',
  'outings',
  'periodQuotas',
  'periodScores',
];

export interface ImportSummary {
  inserted: Record<Section, number>;
  unchanged: Record<Section, number>;
  /** Notes for the operator (e.g. leave entries validated but not stored). */
  notes: string[];
}

/** The user named as recorder of imported rows whose recorder is not in this database. */
const IMPORT_USERNAME = 'bundle-import';

/** Parses and checks a bundle: the schema first, then its references. */
export function parseBundle(value: unknown): Bundle {
  const parsed = BundleSchema.safeParse(value);
  if (!parsed.success) {
    throw new BundleImportError(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const problems = bundleProblems(parsed.data);
  if (problems.length) throw new BundleImportError(problems);
  return parsed.data;
}

const keyOf = (section: Section, row: Record<string, unknown>) =>
  section === 'dutyPatrols'
    ? `${row.month}|${row.windowId}`
    : section === 'periodQuotas'
      ? String(row.period)
      : section === 'periodScores'
        ? `${row.period}|${row.staffId}|${row.kind}`
        : String(row.id);

/** Fields compared to decide "the same row": who recorded it is remapped on import, so it is not compared. */
function comparable(row: Record<string, unknown>): string {
  const {
    recordedBy: _a,
    recordedByName: _b,
    filedBy: _c,
    filedByName: _d,
    requestedBy: _e,
    namedBy: _f,
    confirmedBy: _g,
    registeredBy: _h,
    ...rest
  } = row;
  return JSON.stringify(rest, Object.keys(rest).sort());
}

/**
 * Imports a bundle into an empty database or one that already holds the same rows (a re-import
 * changes nothing). A row whose id exists with other content is a conflict: nothing is written
 * and every conflict is listed. All in one transaction under the change-feed lock.
 */
export async function importBundle(db: Db, value: unknown, zone: string): Promise<ImportSummary> {
  const bundle = parseBundle(value);
  return db.transaction(async (tx) => {
    await lockChangeFeed(tx);
    const current = await exportBundle(tx, zone);
    const inserted = Object.fromEntries(SECTIONS.map((s) => [s, 0])) as Record<Section, number>;
    const unchanged = { ...inserted };
    const conflicts: { path: string; message: string }[] = [];
    const fresh = {} as Record<Section, Record<string, unknown>[]>;
    for (const section of SECTIONS) {
      const existing = new Map(
        ((current[section] ?? []) as Record<string, unknown>[]).map((r) => [keyOf(section, r), r]),
      );
      fresh[section] = [];
      // Bundles of older builds have no leave sections.
      ((bundle[section] ?? []) as Record<string, unknown>[]).forEach((row, i) => {
        const have = existing.get(keyOf(section, row));
        if (!have) fresh[section].push(row);
        else if (comparable(have) === comparable(row)) unchanged[section]++;
        else
          conflicts.push({
            path: `${section}[${i}]`,
            message: `${keyOf(section, row)} exists in this database with other content`,
          });
      });
    }
    const versionTaken = new Map(current.schemes.map((s) => [s.version, s.id]));
    for (const s of fresh.schemes as Bundle['schemes']) {
      if (versionTaken.has(s.version))
        conflicts.push({
          path: `schemes(${s.id})`,
          message: `scheme version ${s.version} exists here as ${versionTaken.get(s.version)}`,
        });
    }
    if (conflicts.length) throw new BundleImportError(conflicts);

    const users = new Set((await tx.query<{ id: string }>('select id from users')).map((u) => u.id));
    let importUser: string | null = null;
    // Rows the bundle does not say who recorded (bonuses, decisions) and recorders unknown here.
    const importer = async (): Promise<string> => (importUser ??= await bundleImportUser(tx));
    const recorder = async (id: string): Promise<string> => (users.has(id) ? id : importer());

    try {
      for (const f of fresh.floors as Bundle['floors'])
        await tx.query('insert into floors (id, name, level) values ($1, $2, $3)', [f.id, f.name, f.level]);
      for (const w of fresh.windows as Bundle['windows']) {
        await tx.query(
          'insert into windows (id, floor_id, number, name, department, kind, position) values ($1, $2, $3, $4, $5, $6, $7)',
          [w.id, w.floorId, w.number, w.name, w.department, w.kind, w.position],
        );
      }
      for (const s of fresh.staff as Bundle['staff'])
        await tx.query('insert into staff (id, name, window_id, post, phone) values ($1, $2, $3, $4, $5)', [
          s.id,
          s.name,
          s.windowId,
          s.post,
          s.phone,
        ]);
      for (const s of fresh.schemes as Bundle['schemes']) {
        await tx.query('insert into schemes (id, version, effective_from, data) values ($1, $2, $3, $4)', [
          s.id,
          s.version,
          s.effectiveFrom,
          JSON.stringify(s.scheme),
        ]);
      }
      for (const v of fresh.violations as Bundle['violations']) {
        await tx.query(
          `insert into violations (id, window_id, staff_id, item_code, count, observed_at, note, recorded_by, device_recorded_at, server_received_at, clock_skew_ms, status, source, substitute_for, returned_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $6, now(), 0, $9, $10, $11, $12)`,
          [
            v.id,
            v.windowId,
            v.staffId,
            v.itemCode,
            v.count,
            v.observedAt,
            v.note,
            await recorder(v.recordedBy),
            v.status,
            v.source,
            v.substituteFor,
            v.returnedAt ?? null,
          ],
        );
      }
      // Leave before the disputes that may name its consequences; an extension after the leave it extends.
      const leaves = [...(fresh.leave as NonNullable<Bundle['leave']>)].sort(
        (a, b) =>
          `${a.from.date}${a.from.half}`.localeCompare(`${b.from.date}${b.from.half}`) || a.id.localeCompare(b.id),
      );
      const remapped = [];
      for (const l of leaves)
        remapped.push({ ...l, redacted: false as const, requestedBy: await recorder(l.requestedBy) });
      await upsertLeaves(tx, remapped);
      const substitutes = [];
      for (const s of fresh.substitutes as NonNullable<Bundle['substitutes']>) {
        substitutes.push({
          ...s,
          namedBy: await recorder(s.namedBy),
          confirmedBy: s.confirmedBy ? await recorder(s.confirmedBy) : null,
        });
      }
      await upsertSubstitutes(tx, substitutes);
      const outings = [];
      for (const o of fresh.outings as NonNullable<Bundle['outings']>)
        outings.push({ ...o, redacted: false, registeredBy: await recorder(o.registeredBy) });
      await upsertOutings(tx, outings);
      for (const d of fresh.disputes as Bundle['disputes']) {
        const decidedBy = d.status === 'pending' ? null : await importer();
        if (d.recordKind === 'leave') {
          await tx.query(
            `insert into disputes (id, violation_id, window_id, month, record_kind, filed_by, reason, filed_at, status, decided_by, decision_reason, decided_at)
             values ($1, $2, $3, $4, 'leave', $5, $6, $7, $8, $9, $10, $11)`,
            [
              d.id,
              d.violationId,
              d.windowId,
              d.month,
              await recorder(d.filedBy),
              d.reason,
              d.filedAt,
              d.status,
              decidedBy,
              d.decisionReason,
              d.decidedAt,
            ],
          );
          continue;
        }
        await tx.query(
          `insert into disputes (id, violation_id, window_id, month, filed_by, reason, filed_at, status, decided_by, decision_reason, decided_at)
           select $1, v.id, v.window_id, to_char(v.observed_at at time zone $10::text, 'YYYY-MM'), $3, $4, $5, $6, $7, $8, $9 from violations v where v.id = $2`,
          [
            d.id,
            d.violationId,
            await recorder(d.filedBy),
            d.reason,
            d.filedAt,
            d.status,
            decidedBy,
            d.decisionReason,
            d.decidedAt,
            zone,
          ],
        );
      }
      for (const b of fresh.bonuses as Bundle['bonuses']) {
        await tx.query(
          'insert into bonus_records (id, month, window_id, staff_id, bonus_code, points, event_id, note, status, recorded_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
          [b.id, b.month, b.windowId, b.staffId, b.bonusCode, b.points, b.eventId, b.note, b.status, await importer()],
        );
      }
      for (const d of fresh.disqualifications as Bundle['disqualifications']) {
        await tx.query(
          'insert into disqualification_records (id, month, window_id, code, reason, status, recorded_by) values ($1, $2, $3, $4, $5, $6, $7)',
          [d.id, d.month, d.windowId, d.code, d.reason, d.status, await importer()],
        );
      }
      for (const p of fresh.dutyPatrols as Bundle['dutyPatrols']) {
        await tx.query(
          'insert into duty_patrol_records (month, window_id, rounds_required, rounds_done) values ($1, $2, $3, $4)',
          [p.month, p.windowId, p.roundsRequired, p.roundsDone],
        );
      }
      for (const q of fresh.periodQuotas as NonNullable<Bundle['periodQuotas']>)
        await tx.query('insert into period_quotas (period, quota, tie_rule) values ($1, $2, $3)', [
          q.period,
          q.quota,
          q.tieRule,
        ]);
      for (const x of fresh.periodScores as NonNullable<Bundle['periodScores']>)
        await tx.query('insert into period_scores (period, staff_id, kind, score) values ($1, $2, $3, $4)', [
          x.period,
          x.staffId,
          x.kind,
          x.score,
        ]);
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new BundleImportError([
          {
            path: '',
            message: `a row clashes with one already here under another id (${(error as Error).message}); import into an empty database or the one the bundle came from`,
          },
        ]);
      }
      throw error;
    }
    for (const section of SECTIONS) inserted[section] = fresh[section].length;
    const notes = (bundle.leave ?? []).some((l) => l.attachments.length)
      ? ['leave: documents are named by hash; their files are not in a bundle']
      : [];
    return { inserted, unchanged, notes };
  });
}

/** A disabled supervision-role user that stands for recorders of another center. */
async function bundleImportUser(tx: Db): Promise<string> {
  const [found] = await tx.query<{ id: string }>('select id from users where username = $1', [IMPORT_USERNAME]);
  if (found) return found.id;
  const id = randomUUID();
  await tx.query(
    "insert into users (id, username, password_hash, role, display_name, disabled) values ($1, $2, $3, 'supervision', $4, true)",
    [id, IMPORT_USERNAME, await hashPassword(randomBytes(24).toString('base64url')), '数据导入 (bundle import)'],
  );
  return id;
}
