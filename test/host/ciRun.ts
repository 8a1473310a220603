// A run folder made the way a CI runner makes one: the built CLI (`node dist/cli.js run --plan …
// --out DIR`) against the fake Messages API on 127.0.0.1, on a copy of the workspace the in-host
// suite opens. The suite then imports the folder ("Fanout: Review Run from Folder…") and accepts
// its file. Runs in Node, outside VS Code (runInCodeServer.ts calls it before the workbench starts).
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../workbench/codeServer';
import { reply, startFakeMessagesApi, toolUse } from '../fake/messagesServer';

/** The file the CI run stages, and its content. */
export const CI_RUN_FILE = 'src/ciNote.ts';
export const CI_RUN_CONTENT = 'export const CI_NOTE = "staged on a CI runner";\n';
export const CI_RUN_REQUEST = 'Add a note made on CI';

/** Makes the run folder in `into` (for the workspace at `workspace`); resolves with its path. */
export async function makeCiRun(workspace: string, into: string): Promise<string> {
  const api = await startFakeMessagesApi({
    routes: [
      {
        name: 'note',
        match: 'Task id: note\n',
        turns: [reply([toolUse('write_file', { path: CI_RUN_FILE, content: CI_RUN_CONTENT })]), reply([toolUse('finish', { summary: 'Wrote the note.' })])],
      },
    ],
  });
  // The runner's checkout: a copy, so the run is made against the same files the suite opens.
  const scratch = await mkdtemp(join(into, 'ci-checkout-'));
  try {
    await cp(workspace, scratch, { recursive: true });
    const plan = join(into, 'ci-plan.json');
    await writeFile(
      plan,
      JSON.stringify({
        id: 'ci-plan',
        request: CI_RUN_REQUEST,
        route: 'complex',
        tasks: [
          { id: 'note', title: 'Note', phase: 'implement', role: 'Note', instructions: 'Write the note.', owns: [CI_RUN_FILE], reads: [], dependsOn: [] },
        ],
      }),
    );
    const out = join(into, 'ci-run');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli.js'), 'run', '--plan', plan, '--workspace', scratch, '--out', out], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ANTHROPIC_API_KEY: 'ci-test-key', ANTHROPIC_BASE_URL: api.baseURL },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`fanout run exited ${code} making the CI run folder`);
    return out;
  } finally {
    await api.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
