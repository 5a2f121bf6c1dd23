import { createHash } from 'node:crypto';
import fc from 'fast-check';
import writeXlsxFile from 'write-excel-file/node';
import { HOSTILE_STRINGS, type Labelled } from './fuzz-values';

/**
 * Files for the upload properties: real image and document signatures, and bytes that only claim
 * to be one (HTML, SVG, a script, random bytes, nothing).
 */
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xd9,
]);
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ee0000000049454e44ae426082',
  'hex',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

export type FileKind =
  'jpeg' | 'png' | 'pdf' | 'html' | 'svg' | 'script' | 'random' | 'empty' | 'zip' | 'jpeg-then-html';

export const FILES: Record<FileKind, Buffer> = {
  jpeg: JPEG,
  png: PNG,
  pdf: PDF,
  html: Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>'),
  svg: Buffer.from(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>',
  ),
  script: Buffer.from('#!/bin/sh\nrm -rf /\n'),
  random: Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256)),
  empty: Buffer.alloc(0),
  zip: Buffer.from('504b0304140000000800', 'hex'),
  'jpeg-then-html': Buffer.concat([Buffer.from('<html><script>x</script></html>'), JPEG]),
};

/** Which declared types a file's first bytes really are (the signature a careful server checks). */
export function realType(b: Buffer): string | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.subarray(0, 8).equals(PNG.subarray(0, 8))) return 'image/png';
  if (b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf';
  return null;
}

export const UPLOAD_TYPES = [
  'image/jpeg',
  'image/png',
  'application/pdf',
  'image/svg+xml',
  'text/html',
  'application/json',
  'application/octet-stream',
  'multipart/form-data; boundary=x',
  'image/jpeg; charset=utf-8',
  'IMAGE/JPEG',
  '',
];

export const fileKind = fc.constantFrom(...(Object.keys(FILES) as FileKind[]));

// ── Import files (staff and window lists) ────────────────────────────────────────────────────

const WINDOW_HEADER = ['楼层', '窗口号', '窗口名称', '部门', '类型', '顺序'];
const STAFF_HEADER = ['楼层', '窗口号', '姓名', '岗位', '电话'];

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Labelled<string> | null>(null) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...HOSTILE_STRINGS).map(([l, v]) => [l, String(v).slice(0, 5000)] as Labelled<string>),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Labelled<string>>(
      ['level 2^31', '2147483648'],
      ['level 1e15', '1e15'],
      ['-2^31-1', '-2147483649'],
      ['position 2^31', '2147483648'],
      ['9.5', '9.5'],
      ['-1', '-1'],
    ),
  },
);

const windowRow = fc.tuple(
  fc.constantFrom('一楼', '二楼', '1', '2', '五楼'),
  fc.integer({ min: 100, max: 199 }).map(String),
  fc.constantFrom('综合咨询', '户籍办理'),
  fc.constantFrom('公安局', '行政审批局'),
  fc.constantFrom('审批', '公共服务', 'approval'),
  fc.constantFrom('', '3'),
);
const staffRow = fc.tuple(
  fc.constantFrom('一楼', '二楼'),
  fc.constantFrom('101', '102', '201', '999'),
  fc.constantFrom('张三', '李四', '王五'),
  fc.constantFrom('A', 'B', 'C', 'X'),
  fc.constantFrom('13900001111', ''),
);

export interface ImportFile {
  labels: string[];
  kind: 'windows' | 'staff';
  rows: string[][];
  format: 'csv' | 'xlsx';
}

/** A window or staff list whose cells are now and then replaced by hostile text or numbers. */
export const importFile: fc.Arbitrary<ImportFile> = fc
  .constantFrom('windows' as const, 'staff' as const)
  .chain((kind) =>
    fc
      .tuple(
        fc.array(fc.tuple(kind === 'windows' ? windowRow : staffRow, fc.array(cell, { minLength: 6, maxLength: 6 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.constantFrom('csv' as const, 'xlsx' as const),
      )
      .map(([rows, format]) => {
        const labels: string[] = [];
        const body = rows.map(([row, cells]) =>
          row.map((value, i) => {
            const c = cells[i];
            if (!c) return value;
            labels.push(`${kind} col ${i + 1}: ${c[0]}`);
            return c[1];
          }),
        );
        return {
          labels: [format, ...labels],
          kind,
          rows: [kind === 'windows' ? WINDOW_HEADER : STAFF_HEADER, ...body],
          format,
        };
      }),
  );

export async function importBytes(file: ImportFile): Promise<Buffer> {
  if (file.format === 'csv')
    return Buffer.from(
      '\uFEFF' + file.rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n',
    );
  // Cells with a lone surrogate or NUL are written as they are: the file is what a user may upload.
  return (await writeXlsxFile(file.rows.map((r) => r.map((value) => ({ value }))) as never).toBuffer()) as Buffer;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
