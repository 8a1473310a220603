import * as assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import {
  defaultCutKeeps,
  headingSlug,
  MAX_INSTRUCTION_FILE_BYTES,
  MAX_INSTRUCTION_SECTIONS,
  MAX_SECTION_ID_CHARS,
  MAX_SELECTED_INSTRUCTIONS_BYTES,
  selectInstructionSections,
  splitInstructionSections,
  utf8Bytes,
} from '../../../src/core/planning/instructionSections';
import { DEFAULT_INSTRUCTIONS_BYTES_EACH, instructionFileChoices, readProjectInstructions } from '../../../src/core/planning/instructions';
import { tempWorkspace, type TempWorkspace } from '../core/fixtures';
import { FIXTURE_SECTIONS, FIXTURE_TEXT, fixtureSection } from './instructionFixture';

const ids = (text: string): string[] => splitInstructionSections(text).sections.map((s) => s.id);

describe('instruction sections: splitting a file', () => {
  it('splits the 35 KB CLAUDE.md into its sections with ids, headings, levels and exact byte sizes', () => {
    const bytes = Buffer.byteLength(FIXTURE_TEXT, 'utf8');
    assert.ok(bytes > 35_000 && bytes < 36_000, `${bytes}`);
    const { sections, truncated } = splitInstructionSections(FIXTURE_TEXT);
    assert.equal(truncated, false);
    assert.deepEqual(
      sections.map((s) => [s.id, s.heading, s.level, s.end - s.start]),
      FIXTURE_SECTIONS.map((f) => [f.id, f.heading, f.level, Buffer.byteLength(f.text, 'utf8')]),
    );
    // Back to back: the sections are the whole file.
    assert.equal(sections.map((s) => s.text).join(''), FIXTURE_TEXT);
    sections.forEach((s, i) => assert.equal(s.start, i === 0 ? 0 : sections[i - 1]?.end));
  });

  it('ignores heading-like lines inside ``` and ~~~ fences (a fence closes only with its own kind, at least as long)', () => {
    const style = splitInstructionSections(FIXTURE_TEXT).sections.find((s) => s.id === 'project-notes/style');
    assert.match(style?.text ?? '', /# Not a heading \(inside a fence\)/);
    assert.match(style?.text ?? '', /### Still not a heading/);
    assert.match(style?.text ?? '', /# Not one either/);
    assert.deepEqual(ids('```\n# a\n```\n# b\n'), ['~preamble', 'b']);
    // An unclosed fence runs to the end.
    assert.deepEqual(ids('# a\n~~~\n# b\n'), ['a']);
  });

  it('reads ATX headings only: up to three spaces of indent, a space after the #s, closing #s dropped', () => {
    const text = ['# One #', '   ## Two', '    # indented code', '#NoSpace', '####### seven', '## C# ##', ''].join('\n');
    const { sections } = splitInstructionSections(text);
    assert.deepEqual(
      sections.map((s) => [s.heading, s.level]),
      [
        ['One', 1],
        ['Two', 2],
        ['C#', 2],
      ],
    );
  });

  it('gives the text before the first heading its own section only when it is not blank', () => {
    assert.deepEqual(ids('intro\n# a\n'), ['~preamble', 'a']);
    assert.deepEqual(ids('\n  \n# a\n'), ['a']);
    assert.deepEqual(ids('no headings at all\n'), ['~preamble']);
  });

  it('makes ids from the heading path, numbering repeats; slugs are bounded and never empty', () => {
    assert.deepEqual(ids('# A\n## B\n### C\n## B\n# D\n## B\n'), ['a', 'a/b', 'a/b/c', 'a/b~2', 'd', 'd/b']);
    assert.equal(headingSlug('Café & Crème — Überblick!'), 'cafe-creme-uberblick');
    assert.equal(headingSlug('!!!'), 'section');
    const deep = Array.from({ length: 6 }, (_, i) => `${'#'.repeat(i + 1)} ${'x'.repeat(90)}${i}`).join('\n');
    for (const id of ids(`${deep}\n${deep}\n`)) assert.ok(id.length <= MAX_SECTION_ID_CHARS, id);
    assert.equal(new Set(ids(`${deep}\n${deep}\n`)).size, 12);
  });

  it(`lists at most ${MAX_INSTRUCTION_SECTIONS} sections and says it stopped`, () => {
    const text = Array.from({ length: 700 }, (_, i) => `## Section ${i}\nbody ${i}\n`).join('');
    const { sections, truncated } = splitInstructionSections(`intro\n${text}`);
    assert.equal(sections.length, MAX_INSTRUCTION_SECTIONS);
    assert.equal(truncated, true);
    assert.equal(sections.at(-1)?.heading, `Section ${MAX_INSTRUCTION_SECTIONS - 2}`);
    // The last one listed ends where the next heading starts.
    assert.equal(sections.at(-1)?.text, `## Section ${MAX_INSTRUCTION_SECTIONS - 2}\nbody ${MAX_INSTRUCTION_SECTIONS - 2}\n`);
  });

  it('counts UTF-8 bytes like Buffer does, and says what the default cut keeps of each section', () => {
    for (const s of ['plain', 'é', '€', '😀', 'a\u{1F600}b\u00e9', '\ud800x']) assert.equal(utf8Bytes(s), Buffer.byteLength(s, 'utf8'), s);
    assert.equal(defaultCutKeeps({ start: 0, end: 100 }, 99), 'whole');
    assert.equal(defaultCutKeeps({ start: 0, end: 101 }, 99), 'partly');
    assert.equal(defaultCutKeeps({ start: 100, end: 200 }, 99), 'none');
  });
});

describe('instruction sections: choosing', () => {
  const { sections } = splitInstructionSections(FIXTURE_TEXT);

  it('keeps exactly the chosen sections, in file order whatever the order of the ids', () => {
    const picked = selectInstructionSections(sections, ['project-notes/deploy', '~preamble', 'project-notes/testing~2', 'no-such-id']);
    assert.deepEqual(
      picked.kept.map((s) => s.id),
      ['~preamble', 'project-notes/deploy', 'project-notes/testing~2'],
    );
    assert.equal(picked.text, fixtureSection('~preamble').text + fixtureSection('project-notes/deploy').text + fixtureSection('project-notes/testing~2').text);
    assert.deepEqual(picked.unknown, ['no-such-id']);
    assert.equal(picked.leftOut.length, sections.length - 3);
  });

  it(`drops the chosen sections from the first one past ${MAX_SELECTED_INSTRUCTIONS_BYTES} bytes on`, () => {
    const picked = selectInstructionSections(
      sections,
      sections.map((s) => s.id),
    );
    const keptBytes = picked.kept.reduce((n, s) => n + s.end - s.start, 0);
    assert.ok(keptBytes <= MAX_SELECTED_INSTRUCTIONS_BYTES, `${keptBytes}`);
    assert.deepEqual(
      picked.overCeiling.map((s) => s.id),
      ['appendix'],
    );
    // A small ceiling: the first section that does not fit stops the rest, even smaller ones after it.
    const small = selectInstructionSections(sections, ['project-notes', 'project-notes/style', 'project-notes/deploy'], 1_000);
    assert.deepEqual(
      small.kept.map((s) => s.id),
      ['project-notes'],
    );
    assert.deepEqual(
      small.overCeiling.map((s) => s.id),
      ['project-notes/style', 'project-notes/deploy'],
    );
  });
});

describe('instruction sections: reading the project instructions with a selection', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace('fanout-sections-');
    await ws.write('CLAUDE.md', FIXTURE_TEXT);
    await ws.write('AGENTS.md', 'Run npm test before finishing.\n');
  });
  afterEach(() => ws.remove());

  it('without a selection: unchanged, the first 8,000 bytes with the cut note', async () => {
    const read = await readProjectInstructions(ws.root);
    assert.deepEqual(read.sources, ['CLAUDE.md', 'AGENTS.md']);
    assert.match(read.text, /MARK-INSTALL/);
    assert.doesNotMatch(read.text, /MARK-TESTING\b|MARK-APPENDIX/);
    assert.match(read.text, /\n… \(CLAUDE\.md is longer; cut at 8000 bytes\)\n\n## AGENTS\.md\nRun npm test before finishing\.$/);
  });

  it('with a selection: exactly the chosen sections, in file order, and a note naming what was left out', async () => {
    const read = await readProjectInstructions(ws.root, { sections: { 'CLAUDE.md': ['project-notes/parallel-feature-workflow', 'project-notes/testing'] } });
    assert.deepEqual(read.sources, ['CLAUDE.md', 'AGENTS.md']);
    const claude = read.text.slice(0, read.text.indexOf('\n\n## AGENTS.md'));
    const body = `${fixtureSection('project-notes/testing').text}${fixtureSection('project-notes/parallel-feature-workflow').text}`.trim();
    assert.ok(claude.startsWith(`## CLAUDE.md\n${body}\n… (CLAUDE.md: only the sections chosen for this run; left out: `), claude.slice(0, 200));
    for (const marker of ['MARK-PREAMBLE', 'MARK-SETUP', 'MARK-STYLE', 'MARK-TESTING-2', 'MARK-APPENDIX']) assert.ok(!claude.includes(marker), marker);
    assert.match(
      claude,
      /left out: text before the first heading, "Project notes", "Setup", "Install", "Style", "Deploy", "Staging", "Testing", "Appendix"\. Read CLAUDE\.md itself when a task needs what was left out\)$/,
    );
    // AGENTS.md has no selection: read as before.
    assert.match(read.text, /\n\n## AGENTS\.md\nRun npm test before finishing\.$/);
  });

  it(`keeps at most ${MAX_SELECTED_INSTRUCTIONS_BYTES} bytes of chosen sections and names the ones past the limit`, async () => {
    const all = FIXTURE_SECTIONS.map((s) => s.id);
    const read = await readProjectInstructions(ws.root, { sections: { 'CLAUDE.md': all } });
    const claude = read.text.slice(0, read.text.indexOf('\n\n## AGENTS.md'));
    assert.ok(Buffer.byteLength(claude, 'utf8') < MAX_SELECTED_INSTRUCTIONS_BYTES + 500, `${Buffer.byteLength(claude, 'utf8')}`);
    assert.match(claude, /MARK-WORKFLOW/);
    assert.doesNotMatch(claude, /MARK-APPENDIX/);
    assert.match(claude, /also left out, past the 32,000-byte limit: "Appendix"\. Read CLAUDE\.md itself/);
  });

  it('an empty selection keeps none of the file, and says so', async () => {
    const read = await readProjectInstructions(ws.root, { sections: { 'CLAUDE.md': [] } });
    assert.match(read.text, /^## CLAUDE\.md\n… \(no section of CLAUDE\.md was chosen for this run; left out: /);
    assert.doesNotMatch(read.text, /MARK-/);
  });

  it('reads no symlinked instruction file, with or without a selection', async () => {
    const other = await tempWorkspace('fanout-sections-link-');
    try {
      await other.write('outside.md', '# Secret\nMARK-OUTSIDE\n');
      await ws.write('.github/placeholder', '');
      await symlink(join(other.root, 'outside.md'), join(ws.root, '.github/copilot-instructions.md'));
      const read = await readProjectInstructions(ws.root, { sections: { '.github/copilot-instructions.md': ['secret'] } });
      assert.deepEqual(read.sources, ['CLAUDE.md', 'AGENTS.md']);
      assert.doesNotMatch(read.text, /MARK-OUTSIDE/);
    } finally {
      await other.remove();
    }
  });

  it('lists a cut file with its sections for the review: sizes, the default cut, and what is selected', async () => {
    const [claude, ...rest] = await instructionFileChoices(ws.root);
    assert.deepEqual(rest, [], 'AGENTS.md is within the cap');
    assert.equal(claude?.path, 'CLAUDE.md');
    assert.equal(claude?.bytes, Buffer.byteLength(FIXTURE_TEXT, 'utf8'));
    assert.ok((claude?.defaultKeptBytes ?? 0) > 7_800 && (claude?.defaultKeptBytes ?? 0) <= DEFAULT_INSTRUCTIONS_BYTES_EACH);
    assert.equal(claude?.ceilingBytes, MAX_SELECTED_INSTRUCTIONS_BYTES);
    assert.equal(claude?.picked, false);
    assert.equal(claude?.truncated, false);
    assert.deepEqual(
      claude?.sections.map((s) => [s.id, s.defaultCut, s.selected]),
      [
        ['~preamble', 'whole', true],
        ['project-notes', 'whole', true],
        ['project-notes/setup', 'whole', true],
        ['project-notes/setup/install', 'whole', true],
        ['project-notes/style', 'partly', true],
        ['project-notes/testing', 'none', false],
        ['project-notes/deploy', 'none', false],
        ['project-notes/deploy/staging', 'none', false],
        ['project-notes/testing~2', 'none', false],
        ['project-notes/parallel-feature-workflow', 'none', false],
        ['appendix', 'none', false],
      ],
    );
    const picked = await instructionFileChoices(ws.root, { 'CLAUDE.md': ['appendix'] });
    assert.equal(picked[0]?.picked, true);
    assert.deepEqual(
      picked[0]?.sections.filter((s) => s.selected).map((s) => s.id),
      ['appendix'],
    );
  });

  it(`offers only the first ${MAX_INSTRUCTION_FILE_BYTES} bytes of a larger file`, async () => {
    const big = `# Big\n${'x'.repeat(100)}\n`.repeat(Math.ceil((MAX_INSTRUCTION_FILE_BYTES + 50_000) / 107));
    await ws.write('AGENTS.md', `# Head\nfirst\n${'filler line\n'.repeat(1000)}## Tail\n${big}`);
    const agents = (await instructionFileChoices(ws.root)).find((f) => f.path === 'AGENTS.md');
    assert.equal(agents?.truncated, true);
    assert.equal(agents?.sections.length, MAX_INSTRUCTION_SECTIONS);
    const listed = agents?.sections.reduce((n, s) => n + s.bytes, 0) ?? 0;
    assert.ok(listed <= MAX_INSTRUCTION_FILE_BYTES, `${listed}`);
  });
});
