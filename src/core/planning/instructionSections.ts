/**
 * A project instructions file (CLAUDE.md, AGENTS.md, .github/copilot-instructions.md) as sections,
 * so the user can choose which of a long file go into the context every agent carries.
 *
 * A section is an ATX heading (`#` to `######`, at most three spaces of indent) and the text up to
 * the next heading of any level, so sections never overlap and their sizes add up to the text's.
 * The text before the first heading is a section too (id `~preamble`, level 0) when it is not blank.
 * Lines inside fenced code blocks (``` or ~~~, closed by a fence of the same character at least as
 * long) are never headings; an unclosed fence runs to the end. Setext (underlined) headings are not
 * read as headings.
 *
 * Ids are stable while the headings are: the slugs of the heading's path (its parent headings, then
 * itself) joined by `/`, with `~2`, `~3` … for a repeat of the same path. Work is bounded: at most
 * `MAX_INSTRUCTION_SECTIONS` sections are listed (the text past the last one listed is not offered),
 * and callers read at most `MAX_INSTRUCTION_FILE_BYTES` of a file. Pure (no I/O, no Node APIs: the
 * protocol takes its bounds from here).
 */
/** The project instruction files, in the order the shared context carries them. */
export const INSTRUCTION_FILES = ['CLAUDE.md', 'AGENTS.md', '.github/copilot-instructions.md'] as const;
export type InstructionFile = (typeof INSTRUCTION_FILES)[number];

/** How much of a section the default cut (the first bytes of the file) keeps. */
export type DefaultCutKeeps = 'whole' | 'partly' | 'none';

/** Bytes of an instruction file read to list its sections (the rest of a larger file is not offered). */
export const MAX_INSTRUCTION_FILE_BYTES = 1024 * 1024;
/** Sections listed per file. */
export const MAX_INSTRUCTION_SECTIONS = 500;
/** Most bytes of chosen sections the agents get of one file; chosen sections past it are left out. */
export const MAX_SELECTED_INSTRUCTIONS_BYTES = 32_000;
/** Longest section id (a protocol bound as well). */
export const MAX_SECTION_ID_CHARS = 200;
/** Id of the text before the first heading. */
export const PREAMBLE_ID = '~preamble';
/** How the text before the first heading is named in lists and notes. */
export const PREAMBLE_LABEL = 'Text before the first heading';

const SLUG_CHARS = 40;
/** Room for `~NNN` after a cut path. */
const ID_BASE_CHARS = MAX_SECTION_ID_CHARS - 8;
const HEADING_CHARS = 200;

export interface InstructionSection {
  readonly id: string;
  /** '' for the text before the first heading. */
  readonly heading: string;
  /** 1-6; 0 for the text before the first heading. */
  readonly level: number;
  /** Byte offsets in the UTF-8 text: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The section's text, its heading line and final line break included. */
  readonly text: string;
}

export interface SplitInstructions {
  readonly sections: readonly InstructionSection[];
  /** True when there were more than `MAX_INSTRUCTION_SECTIONS` sections (the rest are not listed). */
  readonly truncated: boolean;
}

/** Bytes of `text` in UTF-8 (a lone surrogate counts as the 3-byte replacement character it is written as). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Lower-case letters and digits joined by single dashes, at most `SLUG_CHARS`; `section` when none are left. */
export function headingSlug(heading: string): string {
  const slug = heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_CHARS)
    .replace(/-+$/, '');
  return slug === '' ? 'section' : slug;
}

interface Fence {
  readonly char: string;
  readonly length: number;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t]*$/;
const ATX = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$/;

/** The fence a line opens, if it opens one (a backtick fence's info string may not hold a backtick). */
function opensFence(line: string): Fence | undefined {
  const m = FENCE_OPEN.exec(line);
  if (!m) return undefined;
  const marks = m[1] ?? '';
  if (marks.startsWith('`') && (m[2] ?? '').includes('`')) return undefined;
  return { char: marks[0] ?? '`', length: marks.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE_CLOSE.exec(line);
  const marks = m?.[1] ?? '';
  return marks.startsWith(fence.char) && marks.length >= fence.length;
}

/** The heading a line is (level and text, closing `#`s removed), if it is one. */
function headingOf(line: string): { readonly level: number; readonly text: string } | undefined {
  const m = ATX.exec(line);
  if (!m) return undefined;
  const text = (m[2] ?? '').replace(/(^|[ \t]+)#+$/, '').trim();
  return { level: (m[1] ?? '').length, text: text.slice(0, HEADING_CHARS) };
}

interface Start {
  readonly heading: string;
  readonly level: number;
  readonly offset: number;
  readonly charIndex: number;
}

/** Where each heading starts (byte and character offsets), outside fences; at most `limit` + 1 are found. */
function headingStarts(text: string, limit: number): Start[] {
  const starts: Start[] = [];
  let fence: Fence | undefined;
  let offset = 0;
  let charIndex = 0;
  for (const raw of text.split(/(?<=\n)/)) {
    const line = raw.replace(/\r?\n$/, '');
    if (fence !== undefined) {
      if (closesFence(line, fence)) fence = undefined;
    } else {
      fence = opensFence(line);
      const heading = fence === undefined ? headingOf(line) : undefined;
      if (heading !== undefined) {
        starts.push({ ...heading, heading: heading.text, offset, charIndex });
        if (starts.length > limit) break;
      }
    }
    offset += utf8Bytes(raw);
    charIndex += raw.length;
  }
  return starts;
}

/** Ids from heading paths: parents' slugs then the heading's own, repeats numbered. */
function idsOf(starts: readonly Start[]): string[] {
  const stack: { level: number; slug: string }[] = [];
  const seen = new Map<string, number>();
  return starts.map((s) => {
    while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= s.level) stack.pop();
    stack.push({ level: s.level, slug: headingSlug(s.heading) });
    const base = stack
      .map((e) => e.slug)
      .join('/')
      .slice(0, ID_BASE_CHARS);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}~${n}`;
  });
}

/** The text's sections in order; see the file's header for the rules. */
export function splitInstructionSections(text: string): SplitInstructions {
  const found = headingStarts(text, MAX_INSTRUCTION_SECTIONS);
  const totalBytes = utf8Bytes(text);
  const sections: InstructionSection[] = [];
  const first = found[0];
  const preambleEnd = first === undefined ? text.length : first.charIndex;
  if (text.slice(0, preambleEnd).trim() !== '') {
    const preamble = text.slice(0, preambleEnd);
    sections.push({ id: PREAMBLE_ID, heading: '', level: 0, start: 0, end: utf8Bytes(preamble), text: preamble });
  }
  const room = MAX_INSTRUCTION_SECTIONS - sections.length;
  const listed = found.slice(0, room);
  const ids = idsOf(listed);
  listed.forEach((s, i) => {
    const next = found[i + 1];
    const sectionText = text.slice(s.charIndex, next === undefined ? text.length : next.charIndex);
    const end = next === undefined ? totalBytes : next.offset;
    sections.push({ id: ids[i] ?? headingSlug(s.heading), heading: s.heading, level: s.level, start: s.offset, end, text: sectionText });
  });
  return { sections, truncated: found.length > room };
}

/** How much of a section a default cut keeping the first `keptBytes` bytes (whole lines) keeps. */
export function defaultCutKeeps(section: Pick<InstructionSection, 'start' | 'end'>, keptBytes: number): DefaultCutKeeps {
  if (section.start >= keptBytes) return 'none';
  // The kept text stops before the line break that ends its last line.
  return section.end <= keptBytes + 1 ? 'whole' : 'partly';
}

export interface SelectedSections {
  /** The chosen sections that fit, in file order, joined. */
  readonly text: string;
  readonly kept: readonly InstructionSection[];
  /** Chosen sections left out because they did not fit within the ceiling (the first that did not, and every one after it). */
  readonly overCeiling: readonly InstructionSection[];
  /** Sections not chosen. */
  readonly leftOut: readonly InstructionSection[];
  /** Chosen ids that name no section (the file changed since they were chosen). */
  readonly unknown: readonly string[];
}

/**
 * The chosen sections in file order (the order of `ids` does not matter), whole, while their total
 * stays within `ceilingBytes`: the first chosen section that would pass it is left out with every
 * chosen section after it.
 */
export function selectInstructionSections(
  sections: readonly InstructionSection[],
  ids: readonly string[],
  ceilingBytes: number = MAX_SELECTED_INSTRUCTIONS_BYTES,
): SelectedSections {
  const wanted = new Set(ids);
  const known = new Set(sections.map((s) => s.id));
  const kept: InstructionSection[] = [];
  const overCeiling: InstructionSection[] = [];
  const leftOut: InstructionSection[] = [];
  let total = 0;
  for (const section of sections) {
    if (!wanted.has(section.id)) {
      leftOut.push(section);
    } else if (overCeiling.length === 0 && total + (section.end - section.start) <= ceilingBytes) {
      kept.push(section);
      total += section.end - section.start;
    } else {
      overCeiling.push(section);
    }
  }
  return { text: kept.map((s) => s.text).join(''), kept, overCeiling, leftOut, unknown: [...wanted].filter((id) => !known.has(id)) };
}

/** A section as lists and notes name it: its heading in quotes, or the preamble's label. */
export function sectionLabel(section: Pick<InstructionSection, 'heading' | 'level'>): string {
  return section.level === 0 ? PREAMBLE_LABEL.toLowerCase() : `"${section.heading}"`;
}

/** Up to `max` section labels, then "and N more". */
export function sectionList(sections: readonly Pick<InstructionSection, 'heading' | 'level'>[], max = 12): string {
  const named = sections.slice(0, max).map(sectionLabel).join(', ');
  return sections.length > max ? `${named} and ${sections.length - max} more` : named;
}
