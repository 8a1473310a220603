import * as assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { measureContextShare, sharedContextText, splitPrefix } from '../../../src/core/planning/contextShare';
import { readProjectInstructions } from '../../../src/core/planning/instructions';
import { buildRepoMap } from '../../../src/core/planning/repoMap';
import { exportedSymbols } from '../../../src/core/planning/symbols';
import { TODO_APP_REQUEST } from '../../fixtures/repos/todoAppPlan';
import { runContextScenario } from '../../../bench/context';
import { copyTodoApp, type TempRepo } from './planningFake';

async function put(root: string, rel: string, content: string): Promise<void> {
  await mkdir(dirname(join(root, rel)), { recursive: true });
  await writeFile(join(root, rel), content);
}

describe('context: repo map', () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = await copyTodoApp();
  });
  afterEach(() => repo.remove());

  it('maps the tree with sizes and the exports of the files the request is about, deterministically', async () => {
    const map = await buildRepoMap(repo.root, { request: TODO_APP_REQUEST });
    assert.equal(map.files, 13);
    assert.equal(map.truncated, false);
    assert.match(map.text, /^13 files\./);
    assert.match(map.text, /\nsrc\/\n {2}cli\.ts \d+\n {2}format\.ts \d+\n/);
    assert.match(map.text, /\nCLAUDE\.md 824\n/);
    assert.match(map.text, /src\/todo\.ts\n {2}export type TodoId = number\n/);
    assert.match(map.text, /export function createTodo\(id: TodoId, input: NewTodo, now: Date = new Date\(\)\): Todo/);
    assert.match(map.text, /src\/store\.ts\n {2}export class TodoNotFoundError extends Error\n {2}export interface ListOptions\n {2}export class TodoStore/);
    assert.equal((await buildRepoMap(repo.root, { request: TODO_APP_REQUEST })).text, map.text);
  });

  it('ranks the files whose paths and exports match the request first', async () => {
    const map = await buildRepoMap(repo.root, { request: 'Write the todos to storage atomically with a FileStorage lock' });
    const symbols = map.text.slice(map.text.indexOf('Exported symbols'));
    assert.match(symbols, /^Exported symbols[^\n]*\nsrc\/storage\.ts\n/);
  });

  it('leaves out .git, node_modules, build output and .gitignored files (nested .gitignore too)', async () => {
    await put(repo.root, 'node_modules/left-pad/index.js', 'export function leftPad() {}\n');
    await put(repo.root, 'dist/cli.js', 'export const built = 1;\n');
    await put(repo.root, 'build/out.js', 'x');
    await put(repo.root, '.git/HEAD', 'ref: refs/heads/main\n');
    await put(repo.root, '.todo.json', '{}');
    await put(repo.root, 'debug.log', 'x');
    await put(repo.root, 'src/gen/.gitignore', '*.generated.ts\n');
    await put(repo.root, 'src/gen/schema.generated.ts', 'export const generated = 1;\n');
    await put(repo.root, 'src/gen/keep.ts', 'export const kept = 1;\n');
    const map = await buildRepoMap(repo.root, { request: 'generated schema kept' });
    for (const hidden of ['left-pad', 'node_modules', 'dist/', 'built', 'build/', 'HEAD', '.todo.json', 'debug.log', 'schema.generated.ts']) {
      assert.ok(!map.text.includes(hidden), `${hidden} is not in the map`);
    }
    assert.match(map.text, /gen\/\n {4}\.gitignore \d+\n {4}keep\.ts \d+/);
    assert.match(map.text, /export const kept = 1/);
  });

  it('stays within maxBytes on a large repository, collapsing folders and saying it was cut', async () => {
    for (let i = 0; i < 60; i += 1) {
      for (let j = 0; j < 25; j += 1)
        await put(repo.root, `packages/pkg-${i}/src/module${j}.ts`, `export function handler${j}(input: string): string {\n  return input;\n}\n`);
    }
    for (const maxBytes of [12_000, 3_000, 800]) {
      const map = await buildRepoMap(repo.root, { request: 'handler for pkg-7 module3', maxBytes });
      assert.ok(Buffer.byteLength(map.text) <= maxBytes, `${Buffer.byteLength(map.text)} <= ${maxBytes}`);
      assert.equal(map.truncated, true);
      assert.equal(map.files, 13 + 60 * 25);
    }
    const collapsed = await buildRepoMap(repo.root, { request: 'handler', maxBytes: 12_000 });
    assert.match(collapsed.text, /\n {2}pkg-1\/\n {4}src\/ \(25 files, 1715\)\n/, 'deep folders are summarised');
    assert.match(collapsed.text, /\nsrc\/\n {2}cli\.ts 1929\n/, 'shallow files are still listed');
  });

  it('reads exported symbols of TS/JS and top-level Python', () => {
    const ts = exportedSymbols(
      'a.ts',
      'export default class App {}\nexport const x = () => {\nexport async function load(id: string): Promise<void> {\nexport * from "./b";\nconst hidden = 1;\n  export function nested() {}\n',
    );
    assert.deepEqual(
      ts.map((s) => s.name),
      ['App', 'x', 'load', '*'],
    );
    assert.equal(ts[2]?.signature, 'export async function load(id: string): Promise<void>');
    const py = exportedSymbols(
      'm.py',
      'import os\ndef load(path: str) -> dict:\n    def inner(): pass\nclass Store(Base):\n    pass\ndef _private():\n    pass\nasync def fetch():\n',
    );
    assert.deepEqual(
      py.map((s) => s.signature),
      ['def load(path: str) -> dict', 'class Store(Base)', 'async def fetch()'],
    );
  });
});

describe('context: project instructions', () => {
  let repo: TempRepo;
  beforeEach(async () => {
    repo = await copyTodoApp();
  });
  afterEach(() => repo.remove());

  it('reads CLAUDE.md, AGENTS.md and .github/copilot-instructions.md when present, in that order', async () => {
    await put(repo.root, 'AGENTS.md', 'Run npm test before finishing.\n');
    await put(repo.root, '.github/copilot-instructions.md', 'Prefer small functions.\n');
    const found = await readProjectInstructions(repo.root);
    assert.deepEqual(found.sources, ['CLAUDE.md', 'AGENTS.md', '.github/copilot-instructions.md']);
    assert.match(found.text, /^## CLAUDE\.md\n# todo-app — notes for coding agents\n/);
    assert.match(found.text, /\n\n## AGENTS\.md\nRun npm test before finishing\.\n\n## \.github\/copilot-instructions\.md\nPrefer small functions\.$/);
  });

  it('cuts a long file at a line boundary within its bound and says so; a repo without any has none', async () => {
    await put(repo.root, 'AGENTS.md', `${'rule number one is to keep going\n'.repeat(1000)}`);
    const found = await readProjectInstructions(repo.root, { maxBytesEach: 1000 });
    const agents = found.text.slice(found.text.indexOf('## AGENTS.md'));
    assert.ok(Buffer.byteLength(agents) < 1000 + 100);
    assert.match(agents, /keep going\n… \(AGENTS\.md is longer; cut at 1000 bytes\)$/);
    const empty = await readProjectInstructions(join(repo.root, 'src'));
    assert.deepEqual(empty, { text: '', sources: [] });
  });
});

describe('context: the shared prefix', () => {
  it('sharedContextText puts the instructions, then the repo map', () => {
    const text = sharedContextText({ text: '## CLAUDE.md\nBe brief.', sources: ['CLAUDE.md'] }, { text: 'Files:\na.ts 1', files: 1, truncated: false });
    assert.equal(text, '## Project instructions\n## CLAUDE.md\nBe brief.\n\n## Repository map\nFiles:\na.ts 1');
  });

  it('splitPrefix counts tools and the cached system block, byte-exactly', () => {
    const body = {
      model: 'm',
      system: [
        { type: 'text', text: 'shared', cache_control: { type: 'ephemeral' } },
        { type: 'text', text: 'task' },
      ],
      tools: [{ name: 't' }],
      messages: [],
    };
    const raw = JSON.stringify(body);
    const split = splitPrefix(body, Buffer.byteLength(raw));
    assert.equal(split.prefix, '[{"name":"t"}]{"type":"text","text":"shared","cache_control":{"type":"ephemeral"}}');
    assert.ok(raw.includes('[{"name":"t"}]') && raw.includes('{"type":"text","text":"shared","cache_control":{"type":"ephemeral"}}'));
    assert.equal(split.restBytes, Buffer.byteLength(raw) - split.prefixBytes);
  });

  it('bills the first request with a prefix as a cache write and the rest as reads', () => {
    const body = (task: string) => ({
      system: [
        { type: 'text', text: 'x'.repeat(396), cache_control: { type: 'ephemeral' } },
        { type: 'text', text: task },
      ],
      tools: [],
    });
    const request = (taskId: string) => {
      const b = body(taskId);
      return { taskId, body: b, bodyBytes: Buffer.byteLength(JSON.stringify(b)) };
    };
    const report = measureContextShare([request('a'), request('b'), request('b')], { naiveExtraBytes: 1000 });
    const prefix = report.prefixGroups[0]?.prefixBytes ?? 0;
    const rest = (request('a').bodyBytes - prefix) * 3;
    assert.equal(report.billedTokens, Math.round((prefix * (1.25 + 0.1 + 0.1) + rest) / 4));
    assert.equal(report.naiveTokens, Math.round((request('a').bodyBytes * 3 + 3000) / 4));
    assert.equal(report.uncachedTokens, Math.round((request('a').bodyBytes * 3) / 4));
    assert.deepEqual(
      report.prefixGroups.map((g) => g.taskIds),
      [['a', 'b']],
    );
    assert.equal(report.systemBlockIdentical, true);
  });

  it('context-7: the real engine on the todo-app plan shares one byte-identical prefix and bills <= 40% of a naive run', async () => {
    const result = await runContextScenario();
    assert.equal(result.outcome, 'done');
    assert.equal(result.agents, 7);
    assert.equal(result.requests, 6 * 3 + 2);
    assert.equal(result.systemBlockIdentical, true);
    // Every agent, writers and the reviewer alike, starts with the same prefix (one tool list for all phases).
    assert.deepEqual(
      result.prefixGroups.map((g) => [...g.taskIds].sort()),
      [['cli', 'dates', 'format', 'review', 'store', 'tests', 'types']],
    );
    assert.ok(result.minFirstShare > 0.5, `prefix share of first requests ${result.minFirstShare}`);
    assert.ok(result.sharedContextBytes > 1500, 'CLAUDE.md and the repo map are in the shared context');
    assert.equal(result.contextInPrefix, true, "the shared context is in every request's cached system block");
    assert.ok(result.billedRatio <= 0.4, `billed ratio ${result.billedRatio}`);
    assert.ok(result.cachedRatio < 0.5, `caching alone: ${result.cachedRatio}`);
    assert.equal(result.pass, true);
  });
});
