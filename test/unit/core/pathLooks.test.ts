import * as assert from 'node:assert/strict';
import type { Stats } from 'node:fs';
import { join } from 'node:path';
import { LOOKAHEAD, lookAhead } from '../../../src/core/workspace/pathLooks';

/** An `lstat` that answers only when the test says so, recording every path it was asked about. */
function heldLstat(): { readonly asked: string[]; inspect(path: string): Promise<Stats>; answerAll(): void } {
  const asked: string[] = [];
  const waiting: (() => void)[] = [];
  return {
    asked,
    inspect(path) {
      asked.push(path);
      return new Promise<Stats>((resolve, reject) => {
        waiting.push(() =>
          path.endsWith('missing') ? reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })) : resolve({ isDirectory: () => true } as Stats),
        );
      });
    },
    answerAll() {
      for (const answer of waiting.splice(0)) answer();
    },
  };
}

describe('path walk looks', () => {
  it(`looks at most ${LOOKAHEAD} components ahead, in order, each with its own path`, async () => {
    const segments = Array.from({ length: 1000 }, (_, i) => `d${i}`);
    const fs = heldLstat();
    const look = lookAhead('/root', segments, fs.inspect);
    const first = look(0);
    assert.equal(fs.asked.length, LOOKAHEAD);
    assert.deepEqual(fs.asked.slice(0, 3), ['/root/d0', '/root/d0/d1', '/root/d0/d1/d2']);
    assert.equal(look(0), first, 'the same look, not a second lstat');
    assert.equal(fs.asked.length, LOOKAHEAD);
    void look(1);
    assert.equal(fs.asked.length, LOOKAHEAD + 1);
    fs.answerAll();
    const answered = await look(1);
    assert.equal(answered.path, join('/root', 'd0', 'd1'));
    assert.ok(answered.info?.isDirectory());
  });

  it('stops at the end of a short path and reports a failed look as its error', async () => {
    const fs = heldLstat();
    const look = lookAhead('/root', ['a', 'missing'], fs.inspect);
    const second = look(1);
    assert.deepEqual(fs.asked, ['/root/a', '/root/a/missing']);
    fs.answerAll();
    const result = await second;
    assert.equal(result.info, undefined);
    assert.equal((result.error as { code?: string }).code, 'ENOENT');
    assert.throws(() => look(2), /no component 2 in a path of 2/);
  });
});
