/** The help `fanout --help` and `fanout COMMAND --help` print, laid out from the command and option tables. */
import { COMMAND_NAMES, COMMANDS, type CommandName } from './commands';
import { OPTIONS, type OptionName, type OptionSpec } from './options';

/** Where option help text starts. */
const OPTION_COLUMN = 25;
/** Where a command's description starts. */
const ABOUT_COLUMN = 9;

const ENVIRONMENT = `Environment:
  ANTHROPIC_API_KEY      the API key (required for plan, run, review and research)
  ANTHROPIC_BASE_URL     the Messages API endpoint (a proxy or gateway), when set`;

function optionLines(name: OptionName): string[] {
  const spec: OptionSpec = OPTIONS[name];
  const flag = `  ${spec.short !== undefined ? `-${spec.short}, ` : ''}--${name}${spec.value !== undefined ? ` ${spec.value}` : ''}`;
  const [first = '', ...rest] = spec.help.split('\n');
  const head = flag.length + 2 <= OPTION_COLUMN ? [`${flag.padEnd(OPTION_COLUMN)}${first}`] : [flag, `${' '.repeat(OPTION_COLUMN)}${first}`];
  return [...head, ...rest.map((line) => `${' '.repeat(OPTION_COLUMN)}${line}`)];
}

function aboutLines(name: CommandName): string[] {
  const [first = '', ...rest] = COMMANDS[name].about.split('\n');
  return [`${name.padEnd(ABOUT_COLUMN)}${first}`, ...rest.map((line) => `${' '.repeat(ABOUT_COLUMN)}${line}`)];
}

function synopsisLines(name: CommandName): string[] {
  return COMMANDS[name].synopsis.map((s) => `  fanout ${s}`);
}

/** Every command and every option. */
export function usage(): string {
  const options = (Object.keys(OPTIONS) as OptionName[]).flatMap(optionLines);
  return [
    'Usage:',
    ...COMMAND_NAMES.flatMap(synopsisLines),
    '  fanout COMMAND --help     the options of one command',
    '  fanout --version',
    '',
    ...COMMAND_NAMES.flatMap(aboutLines),
    '',
    'Options:',
    ...options,
    '',
    ENVIRONMENT,
  ].join('\n');
}

/** One command: how it is called, what it does, and only the options it takes. */
export function commandUsage(name: CommandName): string {
  const options: readonly OptionName[] = [...COMMANDS[name].options, 'help'];
  return ['Usage:', ...synopsisLines(name), '', ...aboutLines(name), '', 'Options:', ...options.flatMap(optionLines), '', ENVIRONMENT].join('\n');
}
