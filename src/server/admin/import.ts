import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Api } from '../http/zod-provider';
import readXlsxFile from 'read-excel-file/node';
import { z } from 'zod';
import { PostSchema, type WindowKind } from '../../domain';
import { IMPORT_KINDS, type ImportKind, type ImportPreview, type ImportRowResult } from '../../domain/admin';
import { INT32_MAX, isCleanText, storableText } from '../../domain/bounds';
import type { Db } from '../db/types';
import { HttpError } from '../http/errors';
import { change } from './common';

/**
 * Staff and window lists from .xlsx or .csv (issue 6 d). Preview writes nothing; commit applies
 * the same file in one transaction, all or nothing (a file with any bad row changes nothing).
 * Rows match existing ones on natural keys — a window by floor + number, a staff member by
 * name + window — so importing the same file twice changes nothing the second time.
 */

export const IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5000;
export const IMPORT_CONTENT_TYPES = [
  'text/csv',
  'application/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

type Field = 'floor' | 'number' | 'name' | 'department' | 'kind' | 'position' | 'window' | 'post' | 'phone';

const HEADERS: Record<ImportKind, Partial<Record<Field, string[]>>> = {
  windows: {
    floor: ['楼层', 'floor'],
    number: ['窗口号', '窗口编号', '编号', 'number', 'windownumber', 'window'],
    name: ['窗口名称', '名称', 'name', 'windowname'],
    department: ['部门', '派驻单位', '所属部门', 'department'],
    kind: ['类型', '窗口类型', 'kind', 'type'],
    position: ['顺序', '位置', '排序', 'position', 'order'],
  },
  staff: {
    floor: ['楼层', 'floor'],
    window: ['窗口号', '窗口', '窗口编号', 'window', 'windownumber', 'number'],
    name: ['姓名', '名字', 'name', 'staffname'],
    post: ['岗位', '岗', 'post'],
    phone: ['电话', '手机', '手机号', '联系电话', 'phone', 'mobile'],
    department: ['部门', '派驻单位', '所属部门', 'department'],
  },
};

const REQUIRED: Record<ImportKind, Field[]> = {
  windows: ['floor', 'number', 'name', 'department', 'kind'],
  staff: ['window', 'name', 'post'],
};

const KINDS: Record<string, WindowKind> = {
  approval: 'approval',
  审批: 'approval',
  行政审批: 'approval',
  行政审批窗口: 'approval',
  审批窗口: 'approval',
  public_service: 'public_service',
  publicservice: 'public_service',
  公共服务: 'public_service',
  公共服务窗口: 'public_service',
  服务: 'public_service',
};

const normHeader = (h: string) => h.replace(/[\s_\-()（）*]/g, '').toLowerCase();

// ---- reading the file

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. Comma, or tab when the header has no comma. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const sep = !firstLine.includes(',') && firstLine.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

/** UTF-8 (with or without BOM), else GB18030: Excel in China saves CSV in the local code page. */
function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('gb18030').decode(buf);
  }
}

const isZip = (buf: Buffer) =>
  buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

export async function readTable(buf: Buffer): Promise<string[][]> {
  if (!buf || buf.length === 0) throw new HttpError(400, 'empty_file', 'The file is empty.');
  if (isZip(buf)) {
    let sheets;
    try {
      sheets = await readXlsxFile(buf);
    } catch (error) {
      throw new HttpError(
        400,
        'unreadable_file',
        `Not a readable .xlsx file: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const first = sheets.find((s) => s.data.length > 0);
    if (!first) throw new HttpError(400, 'empty_file', 'The workbook has no rows.');
    return first.data.map((row) => row.map(cellText));
  }
  if (buf.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new HttpError(400, 'unsupported_file', 'Old .xls files are not supported; save as .xlsx or .csv.');
  }
  return parseCsv(decodeText(buf)).map((row) => row.map((c) => c.trim()));
}

// ---- checking rows against the hall

interface HallState {
  floors: { id: string; name: string; level: number }[];
  windows: {
    id: string;
    floor_id: string;
    number: string;
    name: string;
    department: string;
    kind: WindowKind;
    position: number;
  }[];
  staff: { id: string; window_id: string; name: string; post: string; phone: string | null }[];
}

async function loadHall(db: Db): Promise<HallState> {
  return {
    floors: await db.query('select id, name, level from floors where deleted_at is null'),
    windows: await db.query(
      'select id, floor_id, number, name, department, kind, position from windows where deleted_at is null',
    ),
    staff: await db.query('select id, window_id, name, post, phone from staff where deleted_at is null'),
  };
}

function findFloor(hall: HallState, value: string) {
  const byName = hall.floors.find((f) => f.name === value);
  if (byName) return byName;
  const m = /^(-?\d+)\s*(楼|层|f|floor)?$/i.exec(value) ?? /^(?:f|l)(-?\d+)$/i.exec(value);
  return m ? hall.floors.find((f) => f.level === Number(m[1])) : undefined;
}

export interface PlannedRow extends ImportRowResult {
  apply?: {
    table: 'windows' | 'staff';
    id: string;
    before: Record<string, unknown> | null;
    after: Record<string, unknown>;
  };
}

function detectKind(headers: string[]): ImportKind | undefined {
  const has = (f: Field, k: ImportKind) => headers.some((h) => HEADERS[k][f]!.map(normHeader).includes(h));
  if (has('post', 'staff') || headers.includes('姓名')) return 'staff';
  if (has('kind', 'windows') || has('department', 'windows')) return 'windows';
  return undefined;
}

export function planImport(
  table: string[][],
  hall: HallState,
  forced?: ImportKind,
): { kind: ImportKind; rows: PlannedRow[] } {
  const nonEmpty = table.filter((r) => r.some((c) => c !== ''));
  if (nonEmpty.length === 0) throw new HttpError(400, 'empty_file', 'The file has no rows.');
  const headerRowIndex = table.indexOf(nonEmpty[0]!);
  const headers = nonEmpty[0]!.map(normHeader);
  const kind = forced ?? detectKind(headers);
  if (!kind) {
    throw new HttpError(
      400,
      'unknown_format',
      'Cannot tell a window list from a staff list: the header row needs 部门/类型 (windows) or 姓名/岗位 (staff).',
    );
  }
  const columns = new Map<Field, number>();
  for (const [field, aliases] of Object.entries(HEADERS[kind]) as [Field, string[]][]) {
    const i = headers.findIndex((h) => aliases.map(normHeader).includes(h));
    if (i >= 0) columns.set(field, i);
  }
  const missing = REQUIRED[kind].filter((f) => !columns.has(f));
  if (missing.length) {
    throw new HttpError(
      400,
      'missing_columns',
      `Missing column(s): ${missing.map((f) => HEADERS[kind][f]![0]).join(', ')}.`,
      { missing },
    );
  }
  if (nonEmpty.length - 1 > IMPORT_MAX_ROWS)
    throw new HttpError(413, 'too_many_rows', `At most ${IMPORT_MAX_ROWS} rows per file.`);

  const rows: PlannedRow[] = [];
  const seen = new Map<string, number>();
  // New windows without a position go after the floor's last one, in file order.
  const nextPosition = new Map<string, number>();
  for (const w of hall.windows)
    nextPosition.set(w.floor_id, Math.max(nextPosition.get(w.floor_id) ?? 0, w.position + 1));

  table.forEach((raw, index) => {
    if (index <= headerRowIndex || raw.every((c) => c === '')) return;
    const values: Record<string, string> = {};
    for (const [field, i] of columns) values[field] = raw[i] ?? '';
    const errors: string[] = [];
    const row: PlannedRow = { row: index + 1, values, action: 'error', errors };
    rows.push(row);
    const v = (f: Field) => values[f] ?? '';
    // Text the database can store (no NUL, no broken characters), checked for every column read:
    // the preview must say what the commit would refuse.
    for (const [field, value] of Object.entries(values)) {
      if (!isCleanText(value)) errors.push(`${field} contains a NUL or broken character`);
    }

    if (kind === 'windows') {
      const floor = v('floor') ? findFloor(hall, v('floor')) : undefined;
      if (!v('floor')) errors.push('missing floor');
      else if (!floor) errors.push(`unknown floor "${v('floor')}"`);
      if (!v('number')) errors.push('missing window number');
      else if (v('number').length > 10) errors.push('window number longer than 10 characters');
      if (!v('name')) errors.push('missing window name');
      else if (v('name').length > 60) errors.push('window name longer than 60 characters');
      if (!v('department')) errors.push('missing department');
      else if (v('department').length > 60) errors.push('department longer than 60 characters');
      const kindValue = KINDS[normHeader(v('kind'))];
      if (!v('kind')) errors.push('missing kind (行政审批 / 公共服务)');
      else if (!kindValue) errors.push(`unknown kind "${v('kind')}" (行政审批 / 公共服务)`);
      let position: number | undefined;
      if (v('position')) {
        position = Number(v('position'));
        if (!Number.isInteger(position) || position < 0 || position > INT32_MAX)
          errors.push(`bad position "${v('position')}" (a whole number 0–${INT32_MAX})`);
      }
      if (floor && v('number')) {
        const key = `${floor.id}/${v('number')}`;
        const first = seen.get(key);
        if (first) errors.push(`duplicate window ${v('number')} on ${floor.name} (also row ${first})`);
        else seen.set(key, row.row);
      }
      if (errors.length) return;
      const existing = hall.windows.find((w) => w.floor_id === floor!.id && w.number === v('number'));
      const after = {
        floorId: floor!.id,
        number: v('number'),
        name: v('name'),
        department: v('department'),
        kind: kindValue!,
        position: position ?? existing?.position ?? nextPosition.get(floor!.id) ?? 0,
      };
      if (!existing) {
        nextPosition.set(floor!.id, Math.max(nextPosition.get(floor!.id) ?? 0, after.position + 1));
        row.action = 'create';
        row.apply = { table: 'windows', id: randomUUID(), before: null, after };
        return;
      }
      const before = {
        floorId: existing.floor_id,
        number: existing.number,
        name: existing.name,
        department: existing.department,
        kind: existing.kind,
        position: existing.position,
      };
      row.action = JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'update';
      if (row.action === 'update') row.apply = { table: 'windows', id: existing.id, before, after };
      return;
    }

    // staff
    let floorId: string | undefined;
    if (v('floor')) {
      const floor = findFloor(hall, v('floor'));
      if (!floor) errors.push(`unknown floor "${v('floor')}"`);
      floorId = floor?.id;
    }
    let window: HallState['windows'][number] | undefined;
    if (!v('window')) errors.push('missing window number');
    else if (!v('floor') || floorId) {
      const matches = hall.windows.filter((w) => w.number === v('window') && (!floorId || w.floor_id === floorId));
      if (matches.length === 0)
        errors.push(`missing window ${v('window')}: no such window${floorId ? ' on that floor' : ''}`);
      else if (matches.length > 1) errors.push(`window ${v('window')} is on several floors: add a 楼层 column`);
      else window = matches[0];
    }
    if (!v('name')) errors.push('missing name');
    else if (v('name').length > 40) errors.push('name longer than 40 characters');
    const post = v('post').toUpperCase().replace(/岗$/, '');
    if (!v('post')) errors.push('missing post (A/B/C/D)');
    else if (!PostSchema.safeParse(post).success) errors.push(`unknown post "${v('post')}" (A/B/C/D)`);
    const phone = v('phone') || null;
    if (phone && phone.length > 20) errors.push('phone longer than 20 characters');
    if (window && v('department') && v('department') !== window.department) {
      errors.push(`unknown department "${v('department')}" for window ${window.number} (${window.department})`);
    }
    if (window && v('name')) {
      const key = `${window.id}/${v('name')}`;
      const first = seen.get(key);
      if (first) errors.push(`duplicate staff ${v('name')} at window ${window.number} (also row ${first})`);
      else seen.set(key, row.row);
    }
    if (errors.length) return;
    const existing = hall.staff.find((s) => s.window_id === window!.id && s.name === v('name'));
    // No phone column: keep the phone on record.
    const after = {
      windowId: window!.id,
      name: v('name'),
      post,
      phone: columns.has('phone') ? phone : (existing?.phone ?? null),
    };
    if (!existing) {
      row.action = 'create';
      row.apply = { table: 'staff', id: randomUUID(), before: null, after };
      return;
    }
    const before = { windowId: existing.window_id, name: existing.name, post: existing.post, phone: existing.phone };
    row.action = JSON.stringify(before) === JSON.stringify(after) ? 'unchanged' : 'update';
    if (row.action === 'update') row.apply = { table: 'staff', id: existing.id, before, after };
  });
  return { kind, rows };
}

function toPreview(kind: ImportKind, rows: PlannedRow[]): ImportPreview {
  const summary = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const r of rows) summary[r.action]++;
  return { kind, rows: rows.map(({ apply: _apply, ...r }) => r), summary };
}

const ImportQuerySchema = z.object({ kind: z.enum(IMPORT_KINDS).optional() });

function fileBody(request: FastifyRequest): Buffer {
  const body = request.body;
  if (!Buffer.isBuffer(body)) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      'Send the file itself as the body (Content-Type text/csv or the .xlsx type).',
    );
  }
  return body;
}

/** The file's name for the audit entry; unstorable characters (NUL, broken surrogates) become U+FFFD. */
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

export function registerImportRoutes(app: Api, db: Db): void {
  app.addContentTypeParser(
    IMPORT_CONTENT_TYPES,
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/import/preview',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { querystring: ImportQuerySchema } },
    async (request) => {
      const { kind } = request.query;
      const table = await readTable(fileBody(request));
      const plan = planImport(table, await loadHall(db), kind);
      return toPreview(plan.kind, plan.rows);
    },
  );

  app.post(
    '/import/commit',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { querystring: ImportQuerySchema } },
    async (request) => {
      const { kind } = request.query;
      const table = await readTable(fileBody(request));
      return change(
        db,
        request,
        async ({ tx, audit }) => {
          // Planned again inside the transaction, under the change-feed lock: what is applied is
          // checked against the hall as it is now, not as it was at preview.
          const plan = planImport(table, await loadHall(tx), kind);
          const preview = toPreview(plan.kind, plan.rows);
          if (preview.summary.error > 0) {
            throw new HttpError(
              422,
              'import_has_errors',
              `${preview.summary.error} row(s) have errors; nothing was imported.`,
              preview,
            );
          }
          for (const row of plan.rows) {
            if (!row.apply) continue;
            const { table: t, id, before, after } = row.apply;
            const a = after as Record<string, string | number | null>;
            if (t === 'windows') {
              if (before) {
                await tx.query(
                  'update windows set name = $2, department = $3, kind = $4, position = $5 where id = $1',
                  [id, a.name, a.department, a.kind, a.position],
                );
              } else {
                await tx.query(
                  'insert into windows (id, floor_id, number, name, department, kind, position) values ($1, $2, $3, $4, $5, $6, $7)',
                  [id, a.floorId, a.number, a.name, a.department, a.kind, a.position],
                );
              }
            } else if (before) {
              await tx.query('update staff set post = $2, phone = $3 where id = $1', [id, a.post, a.phone]);
            } else {
              await tx.query('insert into staff (id, name, window_id, post, phone) values ($1, $2, $3, $4, $5)', [
                id,
                a.name,
                a.windowId,
                a.post,
                a.phone,
              ]);
            }
            const entity = t === 'windows' ? 'window' : 'staff';
            await audit({
              action: before ? 'update' : 'create',
              entity,
              entityId: id,
              before: before ? { id, ...before } : null,
              after: { id, ...after },
            });
          }
          // Re-importing the same file changes nothing, and then leaves no trace either.
          if (preview.summary.create + preview.summary.update > 0) {
            await audit({
              action: 'import',
              entity: plan.kind === 'windows' ? 'window' : 'staff',
              after: { file: fileName(request), summary: preview.summary },
            });
          }
          return { ...preview, applied: true };
        },
        'A row collides with a window or staff member that was just added; preview again.',
      );
    },
  );
}
