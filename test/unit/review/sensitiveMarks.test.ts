/** The review marks execution-sensitive files: the SCM row (icon and tooltip) and the Explorer / SCM decoration. */
import * as assert from 'node:assert/strict';
import { resolve } from 'node:path';
import type * as DecorationsModule from '../../../src/host/review/fileDecorations';
import type { PendingFile, ReviewModel } from '../../../src/host/review/reviewModel';
import type * as ScmModule from '../../../src/host/review/reviewScm';
import { loadWithVscodeFake, Uri } from '../../support/vscodeFake';

const ROOT = Uri.file('/work/project');

function pending(path: string, review: PendingFile['review'] = 'pending'): PendingFile {
  return {
    runId: 'run-1',
    taskId: 'tooling',
    path,
    change: 'modify',
    review,
    agentTitle: 'Tooling',
    entry: { path, taskId: 'tooling', base: { content: '{}', hash: 'h' }, proposed: '{"a":1}', proposedHash: 'p' },
  };
}

/** The model as the decorations read it: pending files and a change event. */
function modelWith(files: readonly PendingFile[]): ReviewModel {
  let listener: (() => void) | undefined;
  const model = {
    pendingFiles: () => [...files],
    onDidChange: (l: () => void) => {
      listener = l;
      return { dispose: () => undefined };
    },
    fire: () => listener?.(),
  };
  return model as unknown as ReviewModel;
}

describe('review: execution-sensitive files are marked', () => {
  let scm: typeof ScmModule;
  let decorations: typeof DecorationsModule;
  before(() => {
    scm = loadWithVscodeFake<typeof ScmModule>(resolve(__dirname, '../../../src/host/review/reviewScm'));
    decorations = loadWithVscodeFake<typeof DecorationsModule>(resolve(__dirname, '../../../src/host/review/fileDecorations'));
  });

  it('shows a shield and says why in the SCM row of a sensitive file', () => {
    const resource = new scm.StagedResource(pending('.vscode/tasks.json'), ROOT as never);
    assert.match(
      resource.tooltip,
      /^Modified by agent Tooling — staged, not yet in your files\nExecution-sensitive: VS Code runs tasks from \.vscode\/tasks\.json/,
    );
    assert.match(resource.tooltip, /Check this change before accepting it\.$/);
    assert.equal((resource.decorations.iconPath as unknown as { id: string }).id, 'shield');
    assert.match(resource.sensitive ?? '', /^Execution-sensitive: /);

    const plain = new scm.StagedResource(pending('src/a.ts'), ROOT as never);
    assert.equal(plain.sensitive, undefined);
    assert.equal((plain.decorations.iconPath as unknown as { id: string }).id, 'diff-modified');
    assert.doesNotMatch(plain.tooltip, /sensitive/i);
  });

  it('keeps the conflict warning on a refused sensitive file, and still says why it is sensitive', () => {
    const resource = new scm.StagedResource({ ...pending('.github/workflows/ci.yml', 'conflict'), conflictMessage: 'It was refused.' }, ROOT as never);
    assert.equal((resource.decorations.iconPath as unknown as { id: string }).id, 'warning');
    assert.match(resource.tooltip, /^Not applied: It was refused\.\nExecution-sensitive: CI runs/);
  });

  it('draws a sensitive file in the warning colour in the Explorer, with why in the tooltip', () => {
    const model = modelWith([pending('.env'), pending('src/a.ts')]);
    const provider = new decorations.StagedFileDecorations(model, ROOT as never);
    (model as unknown as { fire(): void }).fire();
    const sensitive = provider.provideFileDecoration(Uri.joinPath(ROOT, '.env') as never) as unknown as {
      badge: string;
      tooltip: string;
      color?: { id: string };
    };
    assert.equal(sensitive.badge, 'M');
    assert.equal(sensitive.color?.id, 'list.warningForeground');
    assert.match(sensitive.tooltip, /^Staged by Fanout agent Tooling\. Execution-sensitive: dev servers and tools load \.env files/);
    const plain = provider.provideFileDecoration(Uri.joinPath(ROOT, 'src', 'a.ts') as never) as unknown as { tooltip: string; color?: unknown };
    assert.equal(plain.color, undefined);
    assert.equal(plain.tooltip, 'Staged by Fanout agent Tooling');
    provider.dispose();
  });
});
