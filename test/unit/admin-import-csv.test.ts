import { describe, expect, it } from 'vitest';
import { parseCsv, readTable } from '../../src/server/admin/import';

describe('import: CSV reading', () => {
  it('quoted fields, doubled quotes, embedded commas and newlines, CRLF and LF, no final newline', () => {
    expect(parseCsv('a,b,c\r\n"x, y","say ""hi""","line1\nline2"\n1,,3')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\nline2'],
      ['1', '', '3'],
    ]);
  });

  it('tab-separated when the header has tabs and no comma', () => {
    expect(parseCsv('窗口号\t姓名\n101\t张三\n')).toEqual([
      ['窗口号', '姓名'],
      ['101', '张三'],
    ]);
  });

  it('UTF-8 with BOM, and GB18030 (what Excel in China saves) both decode', async () => {
    expect(await readTable(Buffer.from('\uFEFF姓名,岗位\r\n张三,A\r\n'))).toEqual([
      ['姓名', '岗位'],
      ['张三', 'A'],
    ]);
    // "姓名,岗位\n张三,A" in GB18030.
    const gb = Buffer.from([
      0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xb8, 0xda, 0xce, 0xbb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x41, 0x0a,
    ]);
    expect(await readTable(gb)).toEqual([
      ['姓名', '岗位'],
      ['张三', 'A'],
    ]);
  });
});
