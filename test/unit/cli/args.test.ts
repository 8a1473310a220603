/** `fanout`'s command line: usage errors as one line naming the problem and the help to read; help and version. */
import * as assert from 'node:assert/strict';
import { parseCliArgs, UsageError, usageErrorLine } from '../../../src/cli/args';
import { COMMAND_NAMES, COMMANDS, takesOption } from '../../../src/cli/commands';
import { commandUsage, usage } from '../../../src/cli/help';
import { OPTIONS, type OptionName } from '../../../src/cli/options';

/** The line a command line's usage error prints (fails when it parses). */
function errorLine(argv: readonly string[]): string {
  try {
    parseCliArgs(argv);
  } catch (error) {
    assert.ok(error instanceof UsageError, `a usage error, not ${String(error)}`);
    return usageErrorLine(error);
  }
  assert.fail(`${argv.join(' ')} parsed`);
}

const WS = ['--workspace', '.'];

describe('cli: usage errors', () => {
  it('an unknown command or option names it and the help to read', () => {
    assert.equal(errorLine(['nosuch']), 'fanout: unknown command "nosuch". Run "fanout --help".');
    assert.equal(errorLine(['nosuch', '--help']), 'fanout: unknown command "nosuch". Run "fanout --help".');
    assert.equal(errorLine(['help', 'nosuch']), 'fanout: unknown command "nosuch". Run "fanout --help".');
    assert.equal(errorLine(['run', 'Add x', ...WS, '--foo']), 'fanout: unknown option --foo for "run". Run "fanout run --help".');
    assert.equal(errorLine(['plan', 'Add x', ...WS, '--foo=1']), 'fanout: unknown option --foo for "plan". Run "fanout plan --help".');
    assert.equal(errorLine(['review', ...WS, '-x']), 'fanout: unknown option -x for "review". Run "fanout review --help".');
    assert.equal(errorLine(['--foo']), 'fanout: unknown option --foo. Run "fanout --help".');
    assert.match(errorLine(['--json']), /^fanout: no command given; --json goes with one of plan, run, lint, review, research\. Run "fanout --help"\.$/);
  });

  it('a missing value names the option and what it takes, at the end or before another option', () => {
    assert.equal(errorLine(['run', 'Add x', '--workspace']), 'fanout: --workspace needs a value: --workspace DIR. Run "fanout run --help".');
    assert.equal(errorLine(['run', 'Add x', '--workspace', '--json']), 'fanout: --workspace needs a value: --workspace DIR. Run "fanout run --help".');
    assert.equal(errorLine(['research', 'Q?', ...WS, '--question']), 'fanout: --question needs a value: --question Q. Run "fanout research --help".');
    // A value that starts with "-" is given with "=".
    assert.equal(parseCliArgs(['research', '--workspace=.', '--question=-v or --verbose?']).questions?.[0], '-v or --verbose?');
  });

  it('a number option refuses what is not a number in its range, saying what it got', () => {
    const cases: [string, string, RegExp][] = [
      ['--max-cost', 'abc', /--max-cost takes a number of US dollars, 0 or more; got "abc"/],
      ['--max-cost', '-1', /--max-cost takes a number of US dollars, 0 or more; got "-1"/],
      ['--max-concurrency', '0', /--max-concurrency takes a whole number of 1 or more; got "0"/],
      ['--max-concurrency', '2.5', /--max-concurrency takes a whole number of 1 or more; got "2\.5"/],
      ['--fix-rounds', '9', /--fix-rounds takes a whole number from 0 to 5; got "9"/],
      ['--check-timeout', ' ', /--check-timeout takes a whole number of seconds from 1 to 7200; got " "/],
    ];
    for (const [flag, value, expected] of cases) {
      const line = errorLine(['run', 'Add x', ...WS, flag, value]);
      assert.match(line, expected);
      assert.match(line, /Run "fanout run --help"\.$/);
    }
    assert.equal(parseCliArgs(['run', 'Add x', ...WS, '--max-cost', '0.5', '--max-concurrency', '3']).maxCostUsd, 0.5);
  });

  it('an option the command does not take is refused, with why or which command takes it', () => {
    assert.equal(
      errorLine(['lint', '--plan', 'p.json', ...WS, '--yes']),
      'fanout: --yes does not apply to "lint" (it is an option of run). Run "fanout lint --help".',
    );
    assert.equal(
      errorLine(['lint', '--plan', 'p.json', ...WS, '--effort-agent', 'low']),
      'fanout: --effort-agent does not apply to "lint": it reads a plan file and calls no model. Run "fanout lint --help".',
    );
    assert.equal(
      errorLine(['plan', 'Add x', ...WS, '--check', 'npm test']),
      'fanout: --check does not apply to "plan" (it is an option of run). Run "fanout plan --help".',
    );
    assert.equal(
      errorLine(['research', 'Q?', ...WS, '--base', 'main']),
      'fanout: --base does not apply to "research" (it is an option of review). Run "fanout research --help".',
    );
    assert.equal(
      errorLine(['review', ...WS, '--plan', 'p.json']),
      'fanout: --plan does not apply to "review": it plans its own reviewers. Run "fanout review --help".',
    );
    assert.match(errorLine(['plan', 'Add x', ...WS, '--resume', 'dir']), /--resume does not apply to "plan" \(it is an option of run\)/);
  });

  it('a flag given a value, and a single option given twice, are refused; repeatable ones add up', () => {
    assert.equal(errorLine(['run', 'Add x', ...WS, '--json=yes']), 'fanout: --json takes no value; got "yes". Run "fanout run --help".');
    assert.equal(errorLine(['run', 'Add x', ...WS, '--workspace', 'b']), 'fanout: --workspace is given more than once. Run "fanout run --help".');
    assert.deepEqual(parseCliArgs(['run', 'Add x', ...WS, '--check', 'npm test', '--check=npx tsc']).checks, ['npm test', 'npx tsc']);
  });

  it('the checks of what the command needs keep their words, as one line with the command', () => {
    assert.equal(errorLine(['lint', ...WS]), 'fanout: --plan is required. Run "fanout lint --help".');
    assert.equal(errorLine(['run', 'Add x']), 'fanout: --workspace is required. Run "fanout run --help".');
    assert.match(errorLine(['run', ...WS]), /^fanout: run needs a request \("REQUEST"\) or --plan PLAN\.json\. Run "fanout run --help"\.$/);
    assert.match(errorLine(['run', '--resume', 'dir', '--out', 'o']), /leave out --out\. Run "fanout run --help"\.$/);
    assert.match(errorLine(['plan', 'Add x', ...WS, '--route', 'huge']), /--route takes trivial, moderate or complex; got "huge"\./);
  });

  it('every usage error is one line', () => {
    const bad = [
      ['nosuch'],
      ['run', '--bogus'],
      ['run', 'x', '--workspace'],
      ['plan', ...WS],
      ['review', 'words', ...WS],
      ['lint', '--plan', 'p', 'extra', ...WS],
      ['research', 'Q', ...WS, '--effort-agent', 'huge'],
    ];
    for (const argv of bad) {
      const line = errorLine(argv);
      assert.ok(!line.includes('\n'), line);
      assert.match(line, /^fanout: .+ Run "fanout( \w+)? --help"\.$/);
    }
    assert.equal(usageErrorLine(new UsageError('two\nlines', 'run')), 'fanout: two lines. Run "fanout run --help".');
  });

  it('"--" ends the options: what follows is the request', () => {
    assert.equal(parseCliArgs(['run', ...WS, '--', '--explain', 'this']).request, '--explain this');
  });
});

describe('cli: help and version', () => {
  it('--help and help print the whole help or one command’s, before anything is checked', () => {
    assert.deepEqual(pick(parseCliArgs([])), { command: 'help', helpTopic: undefined });
    assert.deepEqual(pick(parseCliArgs(['--help'])), { command: 'help', helpTopic: undefined });
    assert.deepEqual(pick(parseCliArgs(['help'])), { command: 'help', helpTopic: undefined });
    assert.deepEqual(pick(parseCliArgs(['help', 'review'])), { command: 'help', helpTopic: 'review' });
    assert.deepEqual(pick(parseCliArgs(['run', '--help'])), { command: 'help', helpTopic: 'run' });
    assert.deepEqual(pick(parseCliArgs(['research', '-h', '--bogus'])), { command: 'help', helpTopic: 'research' });
  });

  it('--version wins over everything else', () => {
    assert.equal(parseCliArgs(['--version']).command, 'version');
    assert.equal(parseCliArgs(['run', '--version']).command, 'version');
  });

  it("each command's help lists exactly the options it takes, and the whole help lists every option", () => {
    const listed = (help: string, name: OptionName) => new RegExp(`^ {2}(-\\w, )?--${name}(?![\\w-])`, 'm').test(help);
    for (const command of COMMAND_NAMES) {
      const help = commandUsage(command);
      for (const name of Object.keys(OPTIONS) as OptionName[]) {
        const expected = name === 'help' || (name !== 'version' && takesOption(command, name));
        assert.equal(listed(help, name), expected, `${command} --help ${expected ? 'lists' : 'does not list'} --${name}`);
      }
      for (const synopsis of COMMANDS[command].synopsis) assert.ok(help.includes(`fanout ${synopsis}`), synopsis);
    }
    for (const name of Object.keys(OPTIONS) as OptionName[]) assert.ok(listed(usage(), name), `--help lists --${name}`);
  });
});

function pick(args: ReturnType<typeof parseCliArgs>): { command: string; helpTopic: string | undefined } {
  return { command: args.command, helpTopic: args.helpTopic };
}
