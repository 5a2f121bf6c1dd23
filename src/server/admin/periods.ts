import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  PERIOD_SCORE_KINDS,
  PeriodLabelSchema,
  PeriodQuotaBodySchema,
  type PeriodInputs,
  type PeriodScoreKind,
} from '../../domain/assessment';
import { isCleanText, storableText } from '../../domain/bounds';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { change, parseOr400 } from './common';
import { IMPORT_BODY_LIMIT, IMPORT_MAX_ROWS, readTable } from './import';

/**
 * Quarter and year inputs (issue #15 point 10, DOMAIN §5.8): the supervision section enters the
 * personnel office's 优秀 quota per period, and imports the peer review (窗口互评) and public
 * satisfaction (群众满意度) scores from .xlsx/.csv like the staff import — preview with row
 * errors, then commit of the same file in one transaction, all or nothing; re-importing the same
 * file changes nothing. Rows name the person by staff id, or by name with the window number
 * (and floor) or the department, the way the staff import matches people.
 */

/** Why a row cannot be imported: a code the console words in the user's language, with its arguments. */
export interface ScoreRowProblem {
  code:
    | 'bad_text'
    | 'missing_person'
    | 'unknown_staff_id'
    | 'name_mismatch'
    | 'unknown_person'
    | 'ambiguous_person'
    | 'missing_score'
    | 'not_a_number'
    | 'out_of_range'
    | 'too_many_decimals'
    | 'duplicate_person';
  args: Record<string, string | number>;
}

export interface ScoreRowResult {
  /** 1-based row in the file, counting the header as row 1. */
  row: number;
  values: Record<string, string>;
  action: 'create' | 'update' | 'unchanged' | 'error';
  /** The person matched (for the preview), when one was. */
  staffId: string | null;
  staffName: string | null;
  score: number | null;
  /** English, for the API and logs; `problems` says the same as codes. */
  errors: string[];
  problems: ScoreRowProblem[];
}

export interface ScoreImportPreview {
  period: string;
  kind: PeriodScoreKind;
  rows: ScoreRowResult[];
  summary: { create: number; update: number; unchanged: number; error: number };
}

type Field = 'staffId' | 'name' | 'window' | 'floor' | 'department' | 'score';

const HEADERS: Record<Field, string[]> = {
  staffId: ['人员编号', '人员id', 'staffid', 'id'],
  name: ['姓名', '名字', 'name', 'staffname'],
  window: ['窗口号', '窗口', '窗口编号', 'window', 'windownumber'],
  floor: ['楼层', 'floor'],
  department: ['部门', '派驻单位', '所属部门', 'department'],
  score: [
    '分数',
    '得分',
    '成绩',
    '评分',
    'score',
    '窗口互评',
    '互评',
    '互评得分',
    '互评分数',
    '群众满意度',
    '满意度',
    '满意度得分',
    'peerreview',
    'publicsatisfaction',
    'satisfaction',
  ],
};

const normHeader = (h: string) => h.replace(/[\s_\-()（）*]/g, '').toLowerCase();

const MESSAGES: Record<ScoreRowProblem['code'], (a: Record<string, string | number>) => string> = {
  bad_text: (a) => `${a.field} contains a NUL or broken character`,
  missing_person: () => 'missing person: give the staff id, or the name with the window number or department',
  unknown_staff_id: (a) => `unknown staff id "${a.value}"`,
  name_mismatch: (a) => `staff id ${a.value} is ${a.name}, not "${a.given}"`,
  unknown_person: (a) => `no staff member "${a.name}"${a.where ? ` at ${a.where}` : ''}`,
  ambiguous_person: (a) => `several staff members are named "${a.name}": add the window number or department`,
  missing_score: () => 'missing score',
  not_a_number: (a) => `score "${a.value}" is not a number`,
  out_of_range: (a) => `score ${a.value} is outside 0–100`,
  too_many_decimals: (a) => `score ${a.value} has more than two decimals`,
  duplicate_person: (a) => `${a.name} appears twice (also row ${a.row})`,
};

export interface ScoreHall {
  staff: { id: string; name: string; window_id: string }[];
  windows: { id: string; number: string; department: string; floor_id: string }[];
  floors: { id: string; name: string; level: number }[];
  /** The period's scores of this kind already stored, by staff id. */
  existing: Map<string, number>;
}

async function loadScoreHall(db: Db, period: string, kind: PeriodScoreKind): Promise<ScoreHall> {
  const rows = await db.query<{ staff_id: string; score: string | number }>(
    'select staff_id, score from period_scores where period = $1 and kind = $2',
    [period, kind],
  );
  return {
    staff: await db.query('select id, name, window_id from staff where deleted_at is null'),
    windows: await db.query('select id, number, department, floor_id from windows where deleted_at is null'),
    floors: await db.query('select id, name, level from floors where deleted_at is null'),
    existing: new Map(rows.map((r) => [r.staff_id, Number(r.score)])),
  };
}

function findFloor(hall: ScoreHall, value: string) {
  const byName = hall.floors.find((f) => f.name === value);
  if (byName) return byName;
  const m = /^(-?\d+)\s*(楼|层|f|floor)?$/i.exec(value) ?? /^(?:f|l)(-?\d+)$/i.exec(value);
  return m ? hall.floors.find((f) => f.level === Number(m[1])) : undefined;
}

/** A score cell: a number 0–100 with at most two decimals ("95", "95.5", "95.25"; a trailing % or 分 is allowed). */
export function parseScore(value: string): { score: number } | { problem: ScoreRowProblem } {
  const text = value.replace(/[%％分]$/, '').trim();
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return { problem: { code: 'not_a_number', args: { value } } };
  const n = Number(text);
  if (n < 0 || n > 100) return { problem: { code: 'out_of_range', args: { value } } };
  if (Math.abs(Math.round(n * 100) - n * 100) > 1e-6)
    return { problem: { code: 'too_many_decimals', args: { value } } };
  return { score: Math.round(n * 100) / 100 };
}

/** Plans an import: every row matched to a person and checked; nothing is written. */
export function planScoreImport(table: string[][], hall: ScoreHall): ScoreRowResult[] {
  const nonEmpty = table.filter((r) => r.some((c) => c !== ''));
  if (nonEmpty.length === 0) throw new HttpError(400, 'empty_file', 'The file has no rows.');
  const headerRowIndex = table.indexOf(nonEmpty[0]!);
  const headers = nonEmpty[0]!.map(normHeader);
  const columns = new Map<Field, number>();
  for (const [field, aliases] of Object.entries(HEADERS) as [Field, string[]][]) {
    const i = headers.findIndex((h) => aliases.map(normHeader).includes(h));
    if (i >= 0) columns.set(field, i);
  }
  const missing = [
    ...(columns.has('score') ? [] : ['score']),
    ...(columns.has('staffId') || columns.has('name') ? [] : ['name']),
  ];
  if (missing.length)
    throw new HttpError(
      400,
      'missing_columns',
      `Missing column(s): ${missing.map((f) => HEADERS[f as Field][0]).join(', ')}.`,
      { missing },
    );
  if (nonEmpty.length - 1 > IMPORT_MAX_ROWS)
    throw new HttpError(413, 'too_many_rows', `At most ${IMPORT_MAX_ROWS} rows per file.`);

  const windowOf = new Map(hall.windows.map((w) => [w.id, w]));
  const staffById = new Map(hall.staff.map((s) => [s.id, s]));
  const seen = new Map<string, number>();
  const rows: ScoreRowResult[] = [];
  table.forEach((raw, index) => {
    if (index <= headerRowIndex || raw.every((c) => c === '')) return;
    const values: Record<string, string> = {};
    for (const [field, i] of columns) values[field] = raw[i] ?? '';
    const problems: ScoreRowProblem[] = [];
    const row: ScoreRowResult = {
      row: index + 1,
      values,
      action: 'error',
      staffId: null,
      staffName: null,
      score: null,
      errors: [],
      problems,
    };
    rows.push(row);
    const v = (f: Field) => values[f] ?? '';
    for (const [field, value] of Object.entries(values))
      if (!isCleanText(value)) problems.push({ code: 'bad_text', args: { field } });

    // The person.
    let person: ScoreHall['staff'][number] | undefined;
    if (v('staffId')) {
      person = staffById.get(v('staffId').toLowerCase());
      if (!person) problems.push({ code: 'unknown_staff_id', args: { value: v('staffId').slice(0, 60) } });
      else if (v('name') && v('name') !== person.name)
        problems.push({ code: 'name_mismatch', args: { value: person.id, name: person.name, given: v('name') } });
    } else if (!v('name')) problems.push({ code: 'missing_person', args: {} });
    else {
      const floor = v('floor') ? findFloor(hall, v('floor')) : undefined;
      const where = [v('floor'), v('window'), v('department')].filter(Boolean).join(' ');
      const matches = hall.staff.filter((s) => {
        if (s.name !== v('name')) return false;
        const w = windowOf.get(s.window_id);
        if (v('window') && w?.number !== v('window')) return false;
        if (v('floor') && w?.floor_id !== floor?.id) return false;
        if (v('department') && w?.department !== v('department')) return false;
        return true;
      });
      if (matches.length === 0) problems.push({ code: 'unknown_person', args: { name: v('name'), where } });
      else if (matches.length > 1) problems.push({ code: 'ambiguous_person', args: { name: v('name') } });
      else person = matches[0];
    }
    if (person) {
      row.staffId = person.id;
      row.staffName = person.name;
      const first = seen.get(person.id);
      if (first) problems.push({ code: 'duplicate_person', args: { name: person.name, row: first } });
      else seen.set(person.id, row.row);
    }

    // The score.
    if (!v('score')) problems.push({ code: 'missing_score', args: {} });
    else {
      const parsed = parseScore(v('score'));
      if ('problem' in parsed) problems.push(parsed.problem);
      else row.score = parsed.score;
    }

    row.errors = problems.map((p) => MESSAGES[p.code](p.args));
    if (problems.length || !person || row.score === null) return;
    const before = hall.existing.get(person.id);
    row.action = before === undefined ? 'create' : before === row.score ? 'unchanged' : 'update';
  });
  return rows;
}

function summaryOf(rows: readonly ScoreRowResult[]): ScoreImportPreview['summary'] {
  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) summary[r.action]++;
  return summary;
}

/** The period of a route (YYYY-Qn or YYYY); anything else is a 400. */
export function periodParam(params: unknown): string {
  const parsed = PeriodLabelSchema.safeParse((params as { period?: unknown } | null)?.period);
  if (!parsed.success) throw new HttpError(400, 'invalid_request', 'period must be YYYY or YYYY-Qn');
  return parsed.data;
}

/** A period's quota and scores as the assessment reads them. */
export async function loadPeriodInputs(db: Db, period: string): Promise<PeriodInputs> {
  const [quota] = await db.query<{ quota: number; tie_rule: 'include_all_tied' | 'exclude_all_tied' }>(
    'select quota, tie_rule from period_quotas where period = $1',
    [period],
  );
  const scores = await db.query<{ staff_id: string; kind: PeriodScoreKind; score: string | number }>(
    'select staff_id, kind, score from period_scores where period = $1 order by staff_id, kind',
    [period],
  );
  return {
    quota: quota ? { quota: Number(quota.quota), tieRule: quota.tie_rule } : null,
    scores: scores.map((s) => ({ staffId: s.staff_id, kind: s.kind, score: Number(s.score) })),
  };
}

const ScoreQuerySchema = z.object({ kind: z.enum(PERIOD_SCORE_KINDS) });

function fileBody(request: FastifyRequest): Buffer {
  if (!Buffer.isBuffer(request.body))
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Send the file itself as the body (Content-Type text/csv or the .xlsx type).',
    );
  return request.body;
}

function fileName(request: FastifyRequest): string | null {
  const h = request.headers['x-file-name'];
  if (typeof h !== 'string') return null;
  let name: string;
  try {
    name = decodeURIComponent(h);
  } catch {
    name = h;
  }
  return storableText(name.slice(0, 200));
}

/**
 * GET /periods/:period (inputs with names), PUT /periods/:period/quota,
 * POST /periods/:period/scores/preview?kind=…, POST /periods/:period/scores/commit?kind=….
 * The content-type parser for files is the staff import's (registered in the same scope).
 */
export function registerPeriodRoutes(app: FastifyInstance, db: Db): void {
  app.get('/periods/:period', async (request) => {
    const period = periodParam(request.params);
    const inputs = await loadPeriodInputs(db, period);
    const people = await db.query<{ id: string; name: string; number: string; department: string }>(
      `select s.id, s.name, w.number, w.department from staff s join windows w on w.id = s.window_id
        where s.id = any($1::uuid[])`,
      [[...new Set(inputs.scores.map((s) => s.staffId))]],
    );
    const byId = new Map(people.map((p) => [p.id, p]));
    const rows = new Map<string, { peerReview: number | null; publicSatisfaction: number | null }>();
    for (const s of inputs.scores) {
      const row = rows.get(s.staffId) ?? { peerReview: null, publicSatisfaction: null };
      row[s.kind === 'peer_review' ? 'peerReview' : 'publicSatisfaction'] = s.score;
      rows.set(s.staffId, row);
    }
    return {
      period,
      quota: inputs.quota,
      scores: [...rows.entries()]
        .map(([staffId, r]) => ({
          staffId,
          name: byId.get(staffId)?.name ?? '',
          windowNumber: byId.get(staffId)?.number ?? '',
          department: byId.get(staffId)?.department ?? '',
          ...r,
        }))
        .sort(
          (a, b) =>
            a.windowNumber.localeCompare(b.windowNumber, 'zh', { numeric: true }) || a.name.localeCompare(b.name, 'zh'),
        ),
    };
  });

  app.put('/periods/:period/quota', async (request) => {
    const period = periodParam(request.params);
    const { quota } = parseOr400(PeriodQuotaBodySchema, request.body);
    return change(db, request, async ({ tx, audit }) => {
      const [before] = await tx.query<{ quota: number; tie_rule: string }>(
        'select quota, tie_rule from period_quotas where period = $1',
        [period],
      );
      const beforeValue = before ? { quota: Number(before.quota), tieRule: before.tie_rule } : null;
      if (JSON.stringify(beforeValue) === JSON.stringify(quota)) return { period, quota };
      if (quota)
        await tx.query(
          `insert into period_quotas (period, quota, tie_rule, updated_by) values ($1, $2, $3, $4)
           on conflict (period) do update set quota = excluded.quota, tie_rule = excluded.tie_rule,
             updated_by = excluded.updated_by, updated_at = now()`,
          [period, quota.quota, quota.tieRule, request.user!.id],
        );
      else await tx.query('delete from period_quotas where period = $1', [period]);
      await audit({
        action: quota ? (before ? 'update' : 'create') : 'delete',
        entity: 'period_quota',
        entityId: period,
        before: beforeValue,
        after: quota,
      });
      return { period, quota };
    });
  });

  const preview = async (tx: Db, request: FastifyRequest, table: string[][]): Promise<ScoreImportPreview> => {
    const period = periodParam(request.params);
    const { kind } = parseOr400(ScoreQuerySchema, request.query, 'invalid_query');
    const rows = planScoreImport(table, await loadScoreHall(tx, period, kind));
    return { period, kind, rows, summary: summaryOf(rows) };
  };

  app.post('/periods/:period/scores/preview', { bodyLimit: IMPORT_BODY_LIMIT }, async (request) => {
    periodParam(request.params);
    parseOr400(ScoreQuerySchema, request.query, 'invalid_query');
    return preview(db, request, await readTable(fileBody(request)));
  });

  app.post('/periods/:period/scores/commit', { bodyLimit: IMPORT_BODY_LIMIT }, async (request) => {
    periodParam(request.params);
    parseOr400(ScoreQuerySchema, request.query, 'invalid_query');
    const table = await readTable(fileBody(request));
    return change(db, request, async ({ tx, audit }) => {
      // Planned again inside the transaction: applied against the scores as they are now.
      const plan = await preview(tx, request, table);
      if (plan.summary.error > 0)
        throw new HttpError(
          422,
          'import_has_errors',
          `${plan.summary.error} row(s) have errors; nothing was imported.`,
          plan,
        );
      const changed = plan.rows.filter((r) => r.action === 'create' || r.action === 'update');
      for (const r of changed)
        await tx.query(
          `insert into period_scores (period, staff_id, kind, score, updated_by) values ($1, $2, $3, $4, $5)
           on conflict (period, staff_id, kind) do update set score = excluded.score,
             updated_by = excluded.updated_by, updated_at = now()`,
          [plan.period, r.staffId, plan.kind, r.score, request.user!.id],
        );
      // Re-importing the same file changes nothing, and then leaves no trace either.
      if (changed.length)
        await audit({
          action: 'import',
          entity: 'period_scores',
          entityId: `${plan.period}/${plan.kind}`,
          after: {
            file: fileName(request),
            period: plan.period,
            kind: plan.kind,
            summary: plan.summary,
            rows: changed.map((r) => ({ staffId: r.staffId, name: r.staffName, score: r.score })),
          },
        });
      return { ...plan, applied: true };
    });
  });
}
