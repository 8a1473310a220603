import * as assert from 'node:assert/strict';
import { listField, parseFrontMatter, stringField } from '../../../../src/core/planning/patterns/frontMatter';

describe('front matter (hand-parsed YAML subset)', () => {
  it('reads scalars, quoted values, flow lists and block lists', () => {
    const text = [
      '---',
      'name: code-reviewer',
      'description: "Reviews code: style, \\"safety\\""',
      "title: 'It''s fine'",
      '# a comment',
      '',
      'tools: [Read, "Grep", \'Glob, with comma\']',
      'extra:',
      '  - one',
      '  - "two"',
      'model: sonnet',
      '---',
      'Body line',
    ].join('\n');
    const front = parseFrontMatter(text);
    assert.deepEqual(front.problems, []);
    assert.deepEqual(front.data, {
      name: 'code-reviewer',
      description: 'Reviews code: style, "safety"',
      title: "It's fine",
      tools: ['Read', 'Grep', 'Glob, with comma'],
      extra: ['one', 'two'],
      model: 'sonnet',
    });
    assert.equal(front.body, 'Body line');
    assert.equal(front.bodyLine, 13);
  });

  it('a file without front matter is all body', () => {
    const front = parseFrontMatter('# Title\n1. **A**: b');
    assert.deepEqual(front.data, {});
    assert.equal(front.body, '# Title\n1. **A**: b');
    assert.equal(front.bodyLine, 1);
  });

  it('reports an unclosed block, nested maps and block scalars', () => {
    assert.deepEqual(parseFrontMatter('---\nname: x\n1. body').problems, ['the front matter starting on line 1 has no closing "---" line']);
    const front = parseFrontMatter('---\nname: ok\nnested:\n  key: value\ndescription: |\n---\n');
    assert.deepEqual(front.problems, [
      'line 4: "key: value" is not a "key: value" line (Fanout reads only simple keys, [a, b] lists and "- item" lists)',
      'line 5: "description" uses YAML syntax Fanout does not read (block scalars, anchors); write the value on one line',
    ]);
    assert.equal(stringField(front.data, 'name'), 'ok');
  });

  it('string and list fields', () => {
    const { data } = parseFrontMatter('---\ntools: Read, Grep ,Glob\nlist: [a, b]\nempty:\n---');
    assert.deepEqual(listField(data, 'tools'), ['Read', 'Grep', 'Glob']);
    assert.deepEqual(listField(data, 'list'), ['a', 'b']);
    assert.equal(listField(data, 'missing'), undefined);
    assert.equal(stringField(data, 'list'), undefined);
    assert.equal(stringField(data, 'empty'), undefined);
  });
});
