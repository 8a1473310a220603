/**
 * Reads a pattern's roles from a numbered Markdown list (workspace pattern files and CLAUDE.md).
 *
 * Grammar, one role per numbered item (`1.` or `1)`), tolerant of spacing:
 *   1. **Role** (flags): description
 * - The role is the bold text (`**Role**` or `__Role__`); when bold is not required, a plain item
 *   `1. Role: description` works too (the role is the text before the first ":", " — ", " – " or " - ").
 *   A trailing " agent" / " subagent" is dropped ("Types Agent" -> "Types").
 * - Optional flags in parentheses or brackets right after the role, separated by commas:
 *   a phase (`contract`, `implement`, `validate`; also `implementation`, `validation`), `read-only`,
 *   `model: <id>`. A group with none of these stays part of the description.
 * - Indented lines after an item (including nested bullets) continue its description.
 * - Items inside code fences are ignored.
 * - Without an explicit phase it is inferred from the role name: review/reviewer/audit/QA/validat… ->
 *   validate; types/contract/interface/schema/migration -> contract; anything else -> implement.
 *   (Only the name is used: "Component that uses the shared types" stays implement.)
 * - Validators are read-only; a role marked read-only with a writing phase becomes a validator, with a
 *   problem saying so (a writing task must own files).
 */
import type { Phase } from '../../plan/plan';
import type { PatternRole } from '../types';
import { definedFields } from '../../definedFields';

export interface RoleListResult {
  readonly roles: readonly PatternRole[];
  /** Messages with 1-based line numbers relative to the parsed text. */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const ITEM = /^ {0,3}(\d{1,3})[.)]\s+(.*)$/;
const BOLD = /^(?:\*\*(.+?)\*\*|__(.+?)__)\s*(.*)$/;
const FLAGS = /^[([]([^)\]]*)[)\]]\s*(.*)$/;
const SEPARATOR = /^(?::|—|–|-(?=\s))\s*/;
const PLAIN_ROLE = /^(.+?)(?:\s*:\s+|\s*:$|\s+[—–-]\s+)(.*)$/;

const VALIDATE_WORDS = /\b(review|reviews|reviewer|reviewers|audit|auditor|qa|validat\w*|verif\w*)\b/i;
const CONTRACT_WORDS = /\b(types?|contracts?|interfaces?|schemas?|migrations?)\b/i;

/** The phase a role name suggests. */
export function inferPhase(role: string): Phase {
  if (VALIDATE_WORDS.test(role)) return 'validate';
  if (CONTRACT_WORDS.test(role)) return 'contract';
  return 'implement';
}

function cleanRole(role: string): string {
  return role
    .replace(/[:*_`]+$/g, '')
    .replace(/\s+(sub-?agent|agent)$/i, '')
    .trim();
}

interface Flags {
  phase?: Phase;
  readOnly?: boolean;
  model?: string;
}

/** Reads a flag group; undefined when it holds no flag (so it is description text). */
function readFlags(inside: string): Flags | undefined {
  const flags: Flags = {};
  let any = false;
  for (const raw of inside.split(/[,;]/)) {
    const token = raw.trim().toLowerCase();
    const model = /^model\s*[:=]\s*(\S+)$/i.exec(raw.trim());
    if (/^(contract|implement|implementation|validate|validation)$/.test(token)) {
      flags.phase = token.startsWith('contract') ? 'contract' : token.startsWith('implement') ? 'implement' : 'validate';
      any = true;
    } else if (/^read[- ]?only$/.test(token)) {
      flags.readOnly = true;
      any = true;
    } else if (model) {
      flags.model = model[1];
      any = true;
    }
  }
  return any ? flags : undefined;
}

function parseItem(body: string, requireBold: boolean): { role: string; flags: Flags; description: string } | undefined {
  const bold = BOLD.exec(body);
  let role: string;
  let rest: string;
  if (bold) {
    role = bold[1] ?? bold[2] ?? '';
    rest = bold[3] ?? '';
  } else if (requireBold) {
    return undefined;
  } else {
    const plain = PLAIN_ROLE.exec(body.trim());
    role = plain ? (plain[1] ?? '') : body.trim();
    rest = plain ? `: ${plain[2] ?? ''}` : '';
  }
  let flags: Flags = {};
  const group = FLAGS.exec(rest.trim());
  if (group) {
    const read = readFlags(group[1] ?? '');
    if (read) {
      flags = read;
      rest = group[2] ?? '';
    }
  }
  const description = rest.trim().replace(SEPARATOR, '').trim();
  const cleaned = cleanRole(role);
  return cleaned === '' ? undefined : { role: cleaned, flags, description };
}

/** Roles from the numbered items of `text` (other lines are ignored). */
export function parseRoleList(text: string, options: { readonly requireBold: boolean }): RoleListResult {
  const lines = text.split(/\r?\n/);
  const roles: PatternRole[] = [];
  const problems: { line: number; message: string }[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(```|~~~)/.test(lines[i] ?? '')) fenced = !fenced;
    const item = fenced ? null : ITEM.exec(lines[i] ?? '');
    if (!item) continue;
    const parsed = parseItem(item[2] ?? '', options.requireBold);
    if (!parsed) continue;
    const itemLine = i + 1;
    const more: string[] = [];
    while (i + 1 < lines.length && /^(\s{2,}|\t)\S/.test(lines[i + 1] ?? '') && !ITEM.exec(lines[i + 1] ?? '')) {
      more.push((lines[i + 1] ?? '').trim().replace(/^[-*+]\s+/, ''));
      i++;
    }
    const description = [parsed.description, ...more].filter((s) => s !== '').join(' ');
    let phase = parsed.flags.phase ?? inferPhase(parsed.role);
    if (parsed.flags.readOnly === true && phase !== 'validate') {
      problems.push({
        line: itemLine,
        message: `role "${parsed.role}" is read-only but has phase ${phase}; it is read as a validate role (a writing task must own files)`,
      });
      phase = 'validate';
    }
    roles.push({
      role: parsed.role,
      phase,
      description,
      readOnly: phase === 'validate',
      ...definedFields({ model: parsed.flags.model }),
    });
  }
  return { roles, problems };
}
