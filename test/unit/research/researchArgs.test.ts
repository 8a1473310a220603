/** `research` on the command line: the question as words, more with --question, and the flags it refuses. */
import * as assert from 'node:assert/strict';
import { parseCliArgs, UsageError } from '../../../src/cli/args';
import { commandUsage, usage } from '../../../src/cli/help';

describe('research: command-line arguments', () => {
  it('takes the question as words, then each --question in order', () => {
    const args = parseCliArgs([
      'research',
      'How are',
      'sessions stored?',
      '--workspace',
      '.',
      '--question',
      'Who expires them?',
      '--question',
      'Where is login?',
    ]);
    assert.equal(args.command, 'research');
    assert.deepEqual(args.questions, ['How are sessions stored?', 'Who expires them?', 'Where is login?']);
  });

  it('takes --question alone, and keeps an empty question for the command to refuse', () => {
    assert.deepEqual(parseCliArgs(['research', '--workspace', '.', '--question', 'A?', '--question', 'B?']).questions, ['A?', 'B?']);
    assert.deepEqual(parseCliArgs(['research', '', '--workspace', '.']).questions, ['']);
    assert.deepEqual(parseCliArgs(['research', '--workspace', '.']).questions, []);
  });

  it('refuses flags that do not apply, and --question outside research', () => {
    for (const extra of [
      ['--pattern', 'research'],
      ['--route', 'complex'],
      ['--plan', 'p.json'],
      ['--base', 'main'],
      ['--roles', 'Security'],
    ]) {
      assert.throws(() => parseCliArgs(['research', 'Q?', '--workspace', '.', ...extra]), UsageError, extra.join(' '));
    }
    assert.throws(
      () => parseCliArgs(['review', '--workspace', '.', '--question', 'Q?']),
      /--question does not apply to "review" \(it is an option of research\)/,
    );
    assert.throws(() => parseCliArgs(['research', 'Q?']), /--workspace is required/);
  });

  it('documents research and review in the help', () => {
    assert.match(usage(), /fanout research "QUESTION" --workspace DIR/);
    assert.match(usage(), /--question Q/);
    assert.match(usage(), /fanout review --workspace DIR/);
    assert.match(commandUsage('research'), /--question Q +research: one more question/);
    assert.doesNotMatch(commandUsage('research'), /--base/, 'research help lists only its own options');
  });
});
