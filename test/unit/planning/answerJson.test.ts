import * as assert from 'node:assert/strict';
import { findJsonObject } from '../../../src/core/planning/answerJson';

const found = (text: string): unknown => {
  const result = findJsonObject(text);
  return result.ok ? result.value : undefined;
};

describe('structured answers: the JSON object in the text', () => {
  it('reads the whole text, a fenced block, or an object inside prose', () => {
    assert.deepEqual(found(' {"a": 1}\n'), { a: 1 });
    assert.deepEqual(found('Sure:\n```json\n{"a": {"b": "}"}}\n```\nDone.'), { a: { b: '}' } });
    assert.deepEqual(found('```\n{"a": 2}\n```'), { a: 2 });
    assert.deepEqual(found('The answer is {"a": "x \\" {"} and that is all.'), { a: 'x " {' });
  });

  it('skips a stray brace in the prose before the object', () => {
    assert.deepEqual(found('Use {braces carefully. {"route": "trivial"}'), { route: 'trivial' });
  });

  it('finds nothing in prose, arrays of scalars or broken JSON', () => {
    assert.equal(found('I think this is simple.'), undefined);
    assert.equal(found('[1, 2]'), undefined);
    assert.equal(found('{"a": 1'), undefined);
    assert.equal(found(''), undefined);
  });

  it('stays fast on 2 MB of pathological text', () => {
    for (const text of ['{'.repeat(2 * 1024 * 1024), '{"'.repeat(1024 * 1024), '```\n'.repeat(512 * 1024)]) {
      const started = Date.now();
      assert.equal(found(text), undefined);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    }
  });
});
