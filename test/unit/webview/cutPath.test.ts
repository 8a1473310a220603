import * as assert from 'node:assert/strict';
import { cutPathMiddle } from '../../../webview/format';

describe('webview format: paths cut in the middle', () => {
  it('leaves a path that fits as it is', () => {
    assert.equal(cutPathMiddle('src/routes.ts', 20), 'src/routes.ts');
    assert.equal(cutPathMiddle('src/components/profile/ProfileForm.tsx', 38), 'src/components/profile/ProfileForm.tsx');
  });

  it('keeps the first folder and the file name, and as many of the last folders as fit', () => {
    const path = 'src/components/profile/ProfileForm.tsx';
    assert.equal(cutPathMiddle(path, 37), 'src/…/profile/ProfileForm.tsx');
    assert.equal(cutPathMiddle(path, 29), 'src/…/profile/ProfileForm.tsx');
    assert.equal(cutPathMiddle(path, 28), 'src/…/ProfileForm.tsx');
    assert.equal(cutPathMiddle('src/app/server/http/routes.ts', 15), 'src/…/routes.ts');
  });

  it('never cuts the file name from the left the way a right-to-left ellipsis does', () => {
    for (const max of [12, 16, 20, 24, 30]) {
      const cut = cutPathMiddle('packages/web/src/components/routes.ts', max);
      assert.ok(cut.length <= max, `${cut} fits ${max}`);
      assert.ok(cut.endsWith('routes.ts'), `${cut} keeps the name whole`);
      assert.ok(!cut.startsWith('…c'), cut);
    }
  });

  it('drops the first folder before the name, then cuts a name too long for the room in its middle, keeping its extension', () => {
    assert.equal(cutPathMiddle('a-very-long-first-folder/x/routes.ts', 14), '…/routes.ts');
    const name = cutPathMiddle('src/validateProfileInputForTheServer.ts', 16);
    assert.equal(name.length, 16);
    assert.ok(name.endsWith('.ts') && name.includes('…') && name.startsWith('validate'), name);
    assert.equal(cutPathMiddle('averyveryverylongfilename', 10), 'averyv…ame');
  });

  it('keeps characters outside the basic plane whole', () => {
    const cut = cutPathMiddle('docs/😀😀😀😀😀😀😀😀😀😀😀😀.md', 12);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(cut), 'no lone high surrogate');
    assert.ok(cut.endsWith('.md'));
  });
});
