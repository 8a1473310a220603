/**
 * The rules of plan review's "Project instructions" section, apart from its markup: what each cut
 * file gives the agents, which sections start checked, the running total against the ceiling (and
 * which chosen sections it leaves out, as the host will), and the `pickInstructions` message.
 */
import type { InstructionFileChoice, InstructionSectionChoice, WebviewToHost } from '../../src/protocol/messages';
import { plural } from '../format';

/** How the text before a file's first heading is listed. */
export const PREAMBLE_LABEL = 'Text before the first heading';

export function bytesText(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} ${bytes === 1 ? 'byte' : 'bytes'}`;
}

/** A section as the list names it. */
export function sectionName(section: Pick<InstructionSectionChoice, 'heading' | 'level'>): string {
  return section.level === 0 ? PREAMBLE_LABEL : section.heading || '(untitled heading)';
}

/** What the agents get of a file now: the default cut, or the sections the user chose. */
export function fileSummary(file: InstructionFileChoice): string {
  const size = `${file.path} is ${bytesText(file.bytes)}`;
  if (!file.picked) return `${size}; agents get only its first ${bytesText(file.defaultKeptBytes)}.`;
  const chosen = file.sections.filter((s) => s.selected);
  const kept = keptOf(file.sections, new Set(chosen.map((s) => s.id)), file.ceilingBytes);
  return `${size}; agents get the ${plural(kept.length, 'section')} you chose (${bytesText(sumBytes(kept))}) instead of its first ${bytesText(file.defaultKeptBytes)}.`;
}

/** The ids checked when the chooser opens: the file's current selection (without one, what the default cut keeps). */
export function initialPicks(file: InstructionFileChoice): ReadonlySet<string> {
  return new Set(file.sections.filter((s) => s.selected).map((s) => s.id));
}

function sumBytes(sections: readonly InstructionSectionChoice[]): number {
  return sections.reduce((sum, s) => sum + s.bytes, 0);
}

/** Chosen sections in file order while their total stays within the ceiling (the host's rule). */
function keptOf(sections: readonly InstructionSectionChoice[], picked: ReadonlySet<string>, ceiling: number): InstructionSectionChoice[] {
  const kept: InstructionSectionChoice[] = [];
  let total = 0;
  for (const section of sections) {
    if (!picked.has(section.id)) continue;
    if (total + section.bytes > ceiling) break;
    kept.push(section);
    total += section.bytes;
  }
  return kept;
}

export interface PickTotal {
  /** Bytes of every checked section. */
  readonly bytes: number;
  readonly ceiling: number;
  /** Checked sections the ceiling leaves out: the first that does not fit and every checked one after it. */
  readonly overCeiling: readonly InstructionSectionChoice[];
}

export function pickTotal(file: InstructionFileChoice, picked: ReadonlySet<string>): PickTotal {
  const chosen = file.sections.filter((s) => picked.has(s.id));
  const kept = keptOf(file.sections, picked, file.ceilingBytes);
  return { bytes: sumBytes(chosen), ceiling: file.ceilingBytes, overCeiling: chosen.slice(kept.length) };
}

/** The running total line under the list. */
export function totalText(total: PickTotal): string {
  const line = `${total.bytes.toLocaleString('en-US')} of ${bytesText(total.ceiling)} chosen`;
  if (total.overCeiling.length === 0) return `${line}.`;
  const names = total.overCeiling.slice(0, 3).map(sectionName);
  const more = total.overCeiling.length > 3 ? ` and ${total.overCeiling.length - 3} more` : '';
  return `${line}: over the limit, so ${names.map((n) => `“${n}”`).join(', ')}${more} would be left out.`;
}

/** What the default cut keeps of a section, for its line in the list ('' when nothing). */
export function defaultCutText(section: InstructionSectionChoice): string {
  if (section.defaultCut === 'whole') return 'in the default cut';
  if (section.defaultCut === 'partly') return 'partly in the default cut';
  return '';
}

/** The message Apply posts: the checked sections of this file, in file order. */
export function pickMessage(file: InstructionFileChoice, picked: ReadonlySet<string>): WebviewToHost {
  return { type: 'pickInstructions', selection: [{ path: file.path, sections: file.sections.filter((s) => picked.has(s.id)).map((s) => s.id) }] };
}
