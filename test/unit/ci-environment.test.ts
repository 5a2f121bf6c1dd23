import { describe, expect, it } from 'vitest';
import { isCi } from '../../test/support/environment';

describe('isCi: one meaning of CI for every test helper', () => {
  it('CI=true and CI=1 mean the same (and so does any other set value)', () => {
    for (const value of ['true', '1', 'TRUE', 'yes', 'github']) expect(isCi(value), value).toBe(true);
  });
  it('unset, empty, 0 and false are not CI', () => {
    for (const value of [undefined, '', '0', 'false', 'False', ' 0 ']) expect(isCi(value), String(value)).toBe(false);
  });
});
