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

  it('stays linear on 2 MB of pathological text (measured against a plain pass over the same text)', () => {
    const timed = (work: () => unknown): number => {
      const started = performance.now();
      work();
      return performance.now() - started;
    };
    for (const text of ['{'.repeat(2 * 1024 * 1024), '{"'.repeat(1024 * 1024), '```\n'.repeat(512 * 1024)]) {
      // The floor: one pass that looks at every character. A quadratic search on 2 MB takes minutes,
      // so 1,000 floors (at least 10 s, for a busy machine) tells linear from not, whatever the load.
      const floor = timed(() => {
        let braces = 0;
        for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 123) braces++;
        return braces;
      });
      let answer: unknown = null;
      const took = timed(() => (answer = found(text)));
      assert.equal(answer, undefined);
      assert.ok(took < Math.max(10_000, floor * 1000), `took ${took.toFixed(0)} ms; a plain pass took ${floor.toFixed(1)} ms`);
    }
  });
});
