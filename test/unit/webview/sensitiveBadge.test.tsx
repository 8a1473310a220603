/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import type { Plan } from '../../../src/core/plan/plan';
import { PlanReview } from '../../../webview/planReview/PlanReview';
import { sensitiveOwnedNote } from '../../../webview/planReview/reviewModel';
import { plan, review } from './stageFixtures';

const withTooling: Plan = {
  ...plan,
  tasks: plan.tasks.map((t) => (t.id === 'api' ? { ...t, owns: ['src/api.ts', '.vscode/tasks.json', '.github/workflows/*.yml'] } : t)),
};

/** The owned-path rows of the markup, each as [path, badge tooltip or ''] . */
function ownedRows(markup: string): [string, string][] {
  return [...markup.matchAll(/<li><code class="review-path" title="([^"]*)">.*?<\/code>(?:<span class="chip review-sensitive" title="([^"]*)">)?/g)].map(
    (m) => [m[1] ?? '', m[2] ?? ''],
  );
}

describe('plan review: execution-sensitive owned paths', () => {
  it('badges a sensitive owned path "sensitive", with why as its tooltip and for screen readers', () => {
    const markup = renderToStaticMarkup(<PlanReview review={review({ plan: withTooling })} post={() => undefined} />);
    const rows = ownedRows(markup);
    const byPath = new Map(rows);
    assert.equal(byPath.get('src/api.ts'), '', 'an ordinary path has no badge');
    assert.match(
      byPath.get('.vscode/tasks.json') ?? '',
      /^Execution-sensitive: VS Code runs tasks from \.vscode\/tasks\.json .*its agent may change it; the change is flagged again in review\.$/,
    );
    assert.match(byPath.get('.github/workflows/*.yml') ?? '', /Writes through this folder or glob are refused: each file must be named exactly\.$/);
    assert.match(markup, /sensitive<span class="visually-hidden">: Execution-sensitive: VS Code runs tasks/);
    assert.equal((markup.match(/review-sensitive/g) ?? []).length, 2);
  });

  it('says which notes apply', () => {
    assert.equal(sensitiveOwnedNote('**'), undefined);
    assert.equal(sensitiveOwnedNote('src/**'), undefined);
    assert.match(sensitiveOwnedNote('GIT~1/config') ?? '', /Fanout refuses every write here\.$/);
    assert.match(sensitiveOwnedNote('.vscode') ?? '', /each file must be named exactly/);
  });
});
