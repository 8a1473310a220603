/**
 * `.fanout/checks.json`, the project's own list of checks: either `["npm test", …]` or
 * `{"checks": ["npm test", {"id": "unit", "command": "npm test"}]}`. Validated with zod; anything
 * else gives one sentence that names the file and what is wrong with it.
 */
import { z } from 'zod';
import { CHECK_ID_PATTERN, MAX_CHECK_COMMAND_CHARS, type CheckEntry } from './checkIds';

export const CHECKS_FILE = '.fanout/checks.json';
/** Entries the file may hold (only the first checks of them are used). */
const MAX_FILE_ENTRIES = 200;

const commandSchema = z
  .string()
  .trim()
  .min(1, 'a command must not be empty')
  .max(MAX_CHECK_COMMAND_CHARS, `a command is at most ${MAX_CHECK_COMMAND_CHARS} characters`);

const objectEntrySchema = z.strictObject({
  id: z.string().regex(CHECK_ID_PATTERN, 'an id is 1-32 lowercase letters, digits or "-", starting with a letter or digit').optional(),
  command: commandSchema,
});

const listSchema = z.array(z.unknown()).max(MAX_FILE_ENTRIES, `at most ${MAX_FILE_ENTRIES} checks`);
const wrapperSchema = z.object({ checks: listSchema });

export type ChecksFileResult = { readonly ok: true; readonly entries: readonly CheckEntry[] } | { readonly ok: false; readonly note: string };

function failure(what: string): ChecksFileResult {
  return {
    ok: false,
    note: `${CHECKS_FILE} ${what}, so it was skipped; write a list of commands such as ["npm test"] or {"checks": ["npm test", {"id": "unit", "command": "npm run test:unit"}]}.`,
  };
}

function issueText(error: z.ZodError, prefix: string): string {
  const issue = error.issues[0];
  const where = [prefix, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))].join('');
  return `${where === '' ? '' : `${where}: `}${issue.message}`;
}

/** The entries of the checks file's text, or a note saying what is wrong with it. */
export function parseChecksFile(text: string): ChecksFileResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return failure(`is not valid JSON (${reason.slice(0, 200)})`);
  }
  let list: unknown[];
  let prefix: string;
  if (Array.isArray(data)) {
    const parsed = listSchema.safeParse(data);
    if (!parsed.success) return failure(`is invalid (${issueText(parsed.error, '')})`);
    list = parsed.data;
    prefix = '';
  } else if (typeof data === 'object' && data !== null) {
    const parsed = wrapperSchema.safeParse(data);
    if (!parsed.success) return failure(`is invalid (${issueText(parsed.error, '')})`);
    list = parsed.data.checks;
    prefix = 'checks';
  } else {
    return failure('is neither a list of commands nor an object with a "checks" list');
  }
  const entries: CheckEntry[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    const at = `${prefix}[${i}]`;
    if (typeof item === 'string') {
      const parsed = commandSchema.safeParse(item);
      if (!parsed.success) return failure(`is invalid (${issueText(parsed.error, at)})`);
      entries.push({ command: parsed.data, origin: CHECKS_FILE });
    } else if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
      const parsed = objectEntrySchema.safeParse(item);
      if (!parsed.success) return failure(`is invalid (${issueText(parsed.error, at)})`);
      entries.push({ command: parsed.data.command, id: parsed.data.id, origin: CHECKS_FILE });
    } else {
      return failure(`is invalid (${at}: a check is a command string or {"id": "…", "command": "…"})`);
    }
  }
  return { ok: true, entries };
}
