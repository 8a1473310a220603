/**
 * A 35 KB CLAUDE.md built section by section for the instruction-section tests: a preamble, nested
 * headings, a repeated heading, fenced code holding heading-like lines, and sections placed before,
 * across and after the 8,000-byte default cut. Each section's text is known, so a test can compare
 * exact bytes and find exactly which sections a context holds.
 */

export interface FixtureSection {
  /** The id the splitter should give it. */
  readonly id: string;
  readonly heading: string;
  readonly level: number;
  readonly text: string;
  /** A phrase found only in this section. */
  readonly marker: string;
}

/** `n` lines of filler about `topic`, about 80 bytes each. */
function filler(topic: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `- ${topic} rule ${i + 1}: keep it typed at its boundary and covered by a test.\n`).join('');
}

function section(id: string, heading: string, level: number, body: string, marker: string): FixtureSection {
  const head = level === 0 ? '' : `${'#'.repeat(level)} ${heading}\n`;
  return { id, heading, level, text: `${head}\n${marker}\n\n${body}\n`, marker };
}

const FENCED = [
  'Write notes like this:',
  '',
  '```markdown',
  '# Not a heading (inside a fence)',
  '## Also not a heading',
  '```',
  '',
  '~~~~',
  '### Still not a heading',
  '```',
  '# Not one either: a shorter fence of the other kind does not close it',
  '~~~~',
  '',
].join('\n');

export const FIXTURE_SECTIONS: readonly FixtureSection[] = [
  section('~preamble', '', 0, 'This file tells coding agents how the project works.', 'MARK-PREAMBLE'),
  section('project-notes', 'Project notes', 1, filler('general', 10), 'MARK-NOTES'),
  section('project-notes/setup', 'Setup', 2, filler('setup', 20), 'MARK-SETUP'),
  section('project-notes/setup/install', 'Install', 3, filler('install', 30), 'MARK-INSTALL'),
  section('project-notes/style', 'Style', 2, `${FENCED}\n${filler('style', 60)}`, 'MARK-STYLE'),
  section('project-notes/testing', 'Testing', 2, filler('testing', 40), 'MARK-TESTING'),
  section('project-notes/deploy', 'Deploy', 2, filler('deploy', 10), 'MARK-DEPLOY'),
  section('project-notes/deploy/staging', 'Staging', 3, filler('staging', 20), 'MARK-STAGING'),
  section('project-notes/testing~2', 'Testing', 2, filler('more testing', 30), 'MARK-TESTING-2'),
  section('project-notes/parallel-feature-workflow', 'Parallel feature workflow', 2, filler('workflow', 40), 'MARK-WORKFLOW'),
  section('appendix', 'Appendix', 1, filler('appendix', 216), 'MARK-APPENDIX'),
];

export const FIXTURE_TEXT = FIXTURE_SECTIONS.map((s) => s.text).join('');

export function fixtureSection(id: string): FixtureSection {
  const found = FIXTURE_SECTIONS.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no fixture section ${id}`);
  return found;
}
