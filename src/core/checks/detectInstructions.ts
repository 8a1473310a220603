/**
 * Check commands from a project's instructions for agents (CLAUDE.md, AGENTS.md): the commands of a
 * markdown section whose heading is about commands, checks, tests, build, lint or verifying, taken
 * from its shell code blocks and from code spans that open a bullet item, and kept only when they
 * look like commands that verify (`isVerifyCommand`). Line by line, no regex that can backtrack far.
 */
import { isVerifyCommand } from './detectCommands';

/** A command and the 1-based line of the file it starts on. */
export interface FoundCommand {
  readonly command: string;
  readonly line: number;
}

/** Candidates looked at in one file at most (the check list keeps far fewer). */
const MAX_CANDIDATES = 200;
/** Lines one command may span with `\` continuations. */
const MAX_CONTINUED_LINES = 20;

const SECTION_WORDS =
  /\b(?:commands?|scripts|checks?|checking|testing|tests?|build|building|lint|linting|verify|verifying|verification|validate|validating|validation|ci)\b/i;
const SHELL_LANGS = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'shellsession', 'shell-session', 'terminal']);
/** Languages whose blocks mix commands (`$ npm test`) with their output: only `$ ` lines are commands. */
const SESSION_LANGS = new Set(['console', 'shellsession', 'shell-session', 'terminal']);

interface Fence {
  readonly char: string;
  readonly length: number;
  readonly shell: boolean;
  readonly session: boolean;
}

/** An opening code fence: three or more backticks or tildes, then an info string whose first word is the language. */
function fenceOpen(line: string): Fence | undefined {
  const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  if (!match) return undefined;
  const marker = match[1];
  const info = line.slice(match[0].length).trim();
  if (marker[0] === '`' && info.includes('`')) return undefined;
  const lang = (info.split(/[\s{,]/)[0] ?? '').toLowerCase();
  return { char: marker[0], length: marker.length, shell: SHELL_LANGS.has(lang), session: SESSION_LANGS.has(lang) };
}

function fenceCloses(line: string, fence: Fence): boolean {
  const text = line.trimEnd();
  const indent = text.length - text.trimStart().length;
  if (indent > 3) return false;
  const body = text.slice(indent);
  if (body.length < fence.length) return false;
  for (const c of body) if (c !== fence.char) return false;
  return true;
}

/** An ATX heading (`## Testing ##`): its level and text. */
function atxHeading(line: string): { level: number; text: string } | undefined {
  const match = /^ {0,3}(#{1,6})(?:[ \t]|$)/.exec(line);
  if (!match) return undefined;
  let text = line.slice(match[0].length).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === 0 || text[end - 1] === ' ' || text[end - 1] === '\t') text = text.slice(0, end).trim();
  return { level: match[1].length, text };
}

/** The underline of a setext heading: level 1 for `===`, 2 for `---`. */
function setextLevel(line: string): number | undefined {
  if (/^ {0,3}=+[ \t]*$/.test(line)) return 1;
  if (/^ {0,3}-+[ \t]*$/.test(line)) return 2;
  return undefined;
}

const BULLET = /^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+/;

/** The code span a bullet item opens with (`- \`npm test\` — runs the tests`), or undefined. */
function leadingCodeSpan(line: string): string | undefined {
  const bullet = BULLET.exec(line);
  if (!bullet) return undefined;
  const rest = line.slice(bullet[0].length);
  let ticks = 0;
  while (ticks < rest.length && rest[ticks] === '`') ticks++;
  if (ticks === 0) return undefined;
  const close = rest.indexOf('`'.repeat(ticks), ticks);
  if (close < 0) return undefined;
  return rest.slice(ticks, close).trim();
}

/** A shell line as a command: a leading `$ ` and a trailing comment removed (when no quote could hide a `#`). */
function cleanCommand(text: string): string {
  let command = text.trim();
  if (command.startsWith('$ ')) command = command.slice(2).trim();
  const comment = command.indexOf(' #');
  if (comment >= 0 && !/["'`]/.test(command.slice(0, comment))) command = command.slice(0, comment).trim();
  return command;
}

/** Where a line's heading makes the section state go. */
function nextSection(section: number | undefined, level: number, text: string): number | undefined {
  if (SECTION_WORDS.test(text)) return level;
  return section !== undefined && level > section ? section : undefined;
}

/** The verify commands of a markdown file's commands sections, in file order. */
export function commandsFromInstructions(markdown: string): FoundCommand[] {
  const lines = markdown.split('\n');
  const candidates: FoundCommand[] = [];
  let fence: Fence | undefined;
  let section: number | undefined; // the level of the commands heading we are under
  let paragraph = false; // the previous line is paragraph text (a setext heading may follow)
  let pending: { parts: string[]; line: number } | undefined; // a command continued with `\`
  const take = (command: string, line: number) => {
    if (command !== '' && candidates.length < MAX_CANDIDATES) candidates.push({ command, line });
  };
  for (let i = 0; i < lines.length && candidates.length < MAX_CANDIDATES; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (fence) {
      if (fenceCloses(line, fence)) {
        if (pending) take(cleanCommand(pending.parts.join(' ')), pending.line);
        fence = undefined;
        pending = undefined;
        continue;
      }
      if (section === undefined || !fence.shell) continue;
      let text = line.trim();
      if (pending === undefined) {
        if (fence.session && !text.startsWith('$ ')) continue;
        if (text === '' || text.startsWith('#')) continue;
      }
      const continued = text.endsWith('\\');
      if (continued) text = text.slice(0, -1).trim();
      const parts = pending ? [...pending.parts, text] : [text];
      const start = pending?.line ?? i + 1;
      if (continued && parts.length < MAX_CONTINUED_LINES) {
        pending = { parts, line: start };
      } else {
        pending = undefined;
        take(cleanCommand(parts.join(' ')), start);
      }
      continue;
    }
    const opened = fenceOpen(line);
    if (opened) {
      fence = opened;
      paragraph = false;
      continue;
    }
    const heading = atxHeading(line);
    if (heading) {
      section = nextSection(section, heading.level, heading.text);
      paragraph = false;
      continue;
    }
    const setext = paragraph ? setextLevel(line) : undefined;
    if (setext !== undefined) {
      section = nextSection(section, setext, lines[i - 1]);
      paragraph = false;
      continue;
    }
    const span = section === undefined ? undefined : leadingCodeSpan(line);
    if (span !== undefined) take(cleanCommand(span), i + 1);
    paragraph = line.trim() !== '' && !BULLET.test(line);
  }
  return candidates.filter((c) => isVerifyCommand(c.command));
}
