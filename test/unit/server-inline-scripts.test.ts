import { describe, expect, it } from 'vitest';
import { inlineScriptHashes } from '../../src/server/http/inline-scripts';

describe('inlineScriptHashes', () => {
  it("hashes each inline script's text as the browser does, not scripts loaded by src", () => {
    const html = `<head><script type="module" crossorigin src="/assets/index.js"></script>
      <script>alert(1)</script><script>
</script></head>`;
    // echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64
    expect(inlineScriptHashes(html)).toEqual(["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"]);
  });

  it('finds none in a page without inline scripts', () => {
    expect(inlineScriptHashes('<!doctype html><title>窗口考评</title>')).toEqual([]);
  });
});
