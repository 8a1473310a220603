import * as assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlan } from '../../../../src/core/plan/planCheck';
import { broadReadsFindings } from '../../../../src/core/planning/lint/contextRule';
import type { WorkspaceFiles } from '../../../../src/core/planning/lint/workspaceFiles';
import { DEFAULT_INSTRUCTIONS_BYTES_EACH, readProjectInstructions } from '../../../../src/core/planning/instructions';
import type { LintOptions } from '../../../../src/core/planning/types';
import type { TaskSpec } from '../../../../src/core/plan/plan';
import { codes, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

/** A 35 KB CLAUDE.md, a short AGENTS.md and 24 files under src/. */
const FIXTURE = join(__dirname, '../../../fixtures/lint-context');

/** A paragraph of about 1,600 characters, in whole sentences. */
const SHARED = Array.from(
  { length: 16 },
  (_, i) => `Rule ${i + 1} of the house style: every exported function keeps its boundary typed and documented, with no any.`,
).join(' ');

function withInstructions(id: string, instructions: string): TaskSpec {
  return spec(id, 'implement', [`src/${id}.ts`], { instructions });
}

describe('lint: context duplication', () => {
  it('three tasks carrying the same 1,500+ characters: one warning naming them and the size', () => {
    assert.ok(SHARED.length >= 1_500 && SHARED.length < 2_000, `${SHARED.length}`);
    const tasks = ['a', 'b', 'c'].map((id) => withInstructions(id, `In src/${id}.ts export \`export function ${id}Run(): void\`.\n${SHARED}`));
    const finding = only(
      lint(planOf([...tasks, withInstructions('d', 'In src/d.ts export `export function dRun(): void` and nothing else, documented.')])),
      'context-duplication',
    );
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.tasks, ['a', 'b', 'c']);
    assert.equal(
      finding.message,
      `Tasks "a", "b", "c" carry the same ${SHARED.replace(/ (?=Rule )/g, '').length.toLocaleString('en-US')} characters of instructions, one copy in each agent's brief. ` +
        "Write the shared part once (in a file the tasks list in reads, or in the contract task's output) and keep in each task only what differs.",
    );
  });

  it('no finding for two tasks, or for three that share less than 1,500 characters and differ in the rest', () => {
    const two = ['a', 'b'].map((id) => withInstructions(id, `In src/${id}.ts do it.\n${SHARED}`));
    assert.deepEqual(withCode(lint(planOf(two)), 'context-duplication'), []);
    const short = SHARED.slice(0, SHARED.indexOf('Rule 10 '));
    const own = (id: string) =>
      Array.from({ length: 12 }, (_, i) => `Task ${id} handles case ${i} of its own module with a dedicated branch and a test named ${id}-${i}.`).join(' ');
    const three = ['a', 'b', 'c'].map((id) => withInstructions(id, `In src/${id}.ts do it.\n${short}\n${own(id)}`));
    assert.ok(three.every((t) => t.instructions.length >= 1_800));
    assert.deepEqual(withCode(lint(planOf(three)), 'context-duplication'), []);
    // Alike but short (under 800 characters each): not worth a warning.
    const alike = ['a', 'b', 'c'].map((id) =>
      withInstructions(id, `In src/${id}.ts export \`export function run(): void\` that logs the start, the end and the time taken.`),
    );
    assert.deepEqual(withCode(lint(planOf(alike)), 'context-duplication'), []);
  });

  it('three long instructions at least 80% alike, with no sentence in common, are reported', () => {
    const steps = [
      'read the request, the contract and the files you depend on before you write a single line of code',
      'change only the files you own and leave every other file exactly as you found it in the workspace',
      'keep every exported signature exactly as the contract states it, parameter names and return types included',
      'write one test per exported function that fails when the function is wrong and passes when it is right',
      'document each exported function with a comment that says what it returns and when it throws an error',
      'run the type check in your head and make sure no implicit any or unused import is left behind',
      'report anything the contract does not cover in your finish summary so the reviewer can decide it',
    ];
    const text = (id: string) => steps.map((step, n) => `Step ${n + 1} for module ${id}: ${step}.`).join('\n');
    const tasks = ['alpha', 'beta', 'gamma'].map((id) => withInstructions(id, text(id)));
    const finding = only(lint(planOf(tasks)), 'context-duplication');
    assert.deepEqual(finding.tasks, ['alpha', 'beta', 'gamma']);
    assert.ok(tasks.every((t) => t.instructions.length >= 800));
    assert.match(
      finding.message,
      /^Tasks "alpha", "beta", "gamma" have instructions of [\d,]+\+ characters that are at least 80% the same, one copy in each agent's brief\. /,
    );
  });
});

describe('lint: reads that cover the whole repository', () => {
  let options: LintOptions;
  beforeEach(() => {
    options = { ...lintOptions(), workspaceRoot: FIXTURE };
  });

  it('a two-file task that reads ** gets a warning with the number of files', () => {
    const task = spec('api', 'implement', ['src/api.ts', 'src/api.test.ts'], { reads: ['**'] });
    const finding = only(lint(planOf([task]), options), 'context-broad-reads');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.tasks, ['api']);
    assert.deepEqual(finding.paths, ['**']);
    assert.equal(
      finding.message,
      'Task "api" owns only src/api.ts, src/api.test.ts but lists ** in reads (the whole repository, 26 files), so its agent starts by reading far more than it needs. List the few files it builds on instead.',
    );
  });

  it('"." and "**/*" count as the whole repository too; named files, small folders and broad owners do not', () => {
    for (const entry of ['.', './', '**/*']) {
      const finding = only(lint(planOf([spec('api', 'implement', ['src/api.ts'], { reads: [entry] })]), options), 'context-broad-reads');
      assert.match(finding.message, /\(the whole repository, 26 files\)/);
    }
    const quiet = [
      spec('named', 'implement', ['src/named.ts'], { reads: ['src/mod01.ts', 'src/mod02.ts'] }),
      spec('folder', 'implement', ['src/folder.ts'], { reads: ['src/**'] }),
      spec('wide', 'implement', ['src/wide/**'], { reads: ['**'] }),
      spec('three', 'implement', ['src/x.ts', 'src/y.ts', 'src/z.ts'], { reads: ['**'] }),
    ];
    assert.deepEqual(withCode(lint(planOf(quiet), options), 'context-broad-reads'), []);
  });

  it('a folder glob over a large tree (200+ files) is reported without "whole repository"', () => {
    const files = Array.from({ length: 250 }, (_, i) => `src/generated/file${i}.ts`);
    const workspace: WorkspaceFiles = { listing: () => ({ files, stopped: false }), exportedNames: () => ({ found: new Set(), complete: true }) };
    const plan = checkPlan(planOf([spec('api', 'implement', ['src/api.ts'], { reads: ['src/**', 'src/generated/file1.ts'] })]), '/nonexistent').plan;
    const [finding, ...rest] = broadReadsFindings(plan, workspace);
    assert.equal(rest.length, 0);
    assert.match(finding?.message ?? '', /lists src\/\*\* in reads \(250 files\), so/);
  });
});

describe('lint: a cut project instructions file', () => {
  it('a 35 KB CLAUDE.md is reported with its size and what the agents get of it', async () => {
    const options: LintOptions = { ...lintOptions(), workspaceRoot: FIXTURE };
    const size = statSync(join(FIXTURE, 'CLAUDE.md')).size;
    assert.ok(size > 35_000, `${size}`);
    const finding = only(lint(planOf([spec('api', 'implement', ['src/api.ts'])]), options), 'context-instructions-cut');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.paths, ['CLAUDE.md']);
    // What the agents get is exactly what readProjectInstructions keeps of it.
    const read = await readProjectInstructions(FIXTURE);
    const claude = read.text.split('\n\n## AGENTS.md')[0] ?? '';
    const kept = claude.replace(/^## CLAUDE\.md\n/, '').replace(/\n… \(CLAUDE\.md is longer; cut at 8000 bytes\)$/, '');
    const keptBytes = Buffer.byteLength(kept, 'utf8');
    assert.ok(keptBytes > 7_800 && keptBytes <= DEFAULT_INSTRUCTIONS_BYTES_EACH, `${keptBytes}`);
    assert.equal(
      finding.message,
      `CLAUDE.md is ${size.toLocaleString('en-US')} bytes, but agents get only its first ${keptBytes.toLocaleString('en-US')} bytes (project instructions are cut at 8,000 bytes per file, with no setting to change it). ` +
        'Shorten CLAUDE.md to what every task needs, and move the detail into files the tasks list in reads.',
    );
  });

  it('no finding for instruction files within the cap', () => {
    assert.deepEqual(codes(lint(planOf([spec('api', 'implement', ['src/api.ts'])]), lintOptions())), []);
    const planningWorkspace = join(__dirname, '../../../fixtures/planning/workspace');
    assert.deepEqual(
      withCode(lint(planOf([spec('api', 'implement', ['src/api.ts'])]), { ...lintOptions(), workspaceRoot: planningWorkspace }), 'context-instructions-cut'),
      [],
    );
  });
});
