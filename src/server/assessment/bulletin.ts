import writeXlsxFile from 'write-excel-file/node';
import {
  bulletin,
  schemeInForceFor,
  type BulletinSource,
  type BulletinTable,
  type Cell,
  type SchemeVersionLike,
} from '../../domain/assessment';
import { SchemeSchema } from '../../domain';

type XlsxCell = { value: string | number; fontWeight?: 'bold'; span?: number } | null;

const cell = (value: Cell, bold = false): XlsxCell =>
  value === null || value === '' ? null : { value, ...(bold ? { fontWeight: 'bold' as const } : {}) };

function table(t: BulletinTable): XlsxCell[][] {
  return [[cell(t.title, true)], t.header.map((h) => cell(h, true)), ...t.rows.map((r) => r.map((c) => cell(c)))];
}

/** The bulletin as an .xlsx workbook: rankings per group, the itemised deductions and bonuses, staff scores. */
export async function bulletinXlsx(
  source: BulletinSource,
  schemes: readonly SchemeVersionLike[],
  zone: string,
): Promise<Buffer> {
  // The scheme of the version the result was assessed under, for item and honour names.
  const exact = schemes.find((s) => s.version === source.result.schemeVersion);
  const parsed = exact ? SchemeSchema.safeParse(exact.scheme) : null;
  const scheme = parsed?.success ? parsed.data : schemeInForceFor(schemes, source.month);
  const b = bulletin(source, scheme, zone);
  const head: XlsxCell[][] = [[cell(b.title, true)], ...b.lines.map((l) => [cell(l)])];
  const rankings: XlsxCell[][] = [...head];
  for (const g of b.groups) rankings.push([], ...table(g));
  const sheets = [
    {
      sheet: '通报',
      data: rankings,
      columns: [
        { width: 6 },
        { width: 8 },
        { width: 22 },
        { width: 16 },
        { width: 8 },
        { width: 8 },
        { width: 8 },
        { width: 10 },
        { width: 20 },
      ],
    },
    {
      sheet: '明细',
      data: [...head, [], ...table(b.deductions)],
      columns: [
        { width: 8 },
        { width: 18 },
        { width: 18 },
        { width: 22 },
        { width: 6 },
        { width: 8 },
        { width: 10 },
        { width: 10 },
        { width: 22 },
        { width: 10 },
      ],
    },
    {
      sheet: '人员',
      data: [...head, [], ...table(b.staff)],
      columns: [{ width: 8 }, { width: 12 }, { width: 8 }, { width: 8 }, { width: 8 }],
    },
  ];
  return (await writeXlsxFile(sheets as never).toBuffer()) as Buffer;
}
