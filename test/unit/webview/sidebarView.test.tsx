/* @jsxRuntime automatic */
import * as assert from 'node:assert/strict';
import { renderToStaticMarkup } from 'react-dom/server';
import { initialRunState, reduceRunEvents } from '../../../src/core/run/runState';
import type { SidebarSnapshot, ViewStage } from '../../../src/protocol/messages';
import { Sidebar, type SidebarProps } from '../../../webview/Sidebar';
import { defaultUiState } from '../../../webview/uiState';
import { openPage } from './page';
import { events, plan, recorder, snapshot, summary } from './stageFixtures';

const T0 = 1_700_000_000_000;
const running = reduceRunEvents(
  events('run-1', [
    { kind: 'run.started', plan, workspaceName: 'acme', maxConcurrency: 4, demo: false },
    { kind: 'agent.queued', taskId: 'types' },
    { kind: 'agent.started', taskId: 'types', model: 'claude-sonnet-5-5', attempt: 1 },
  ]),
  initialRunState('run-1'),
);
const ended = reduceRunEvents(events('run-1', [{ kind: 'run.finished', outcome: 'cancelled', message: 'Cancelled by you.' }], 4, T0 + 5_000), running);

function html(snap: SidebarSnapshot | undefined, post: SidebarProps['post'] = () => undefined): string {
  const props: SidebarProps = {
    state: { snapshot: snap, focusRequests: 0 },
    ui: defaultUiState,
    onUi: () => undefined,
    onRemoveContext: () => undefined,
    post,
    now: T0 + 1_000,
    submitKeys: 'Ctrl+Enter',
  };
  return renderToStaticMarkup(<Sidebar {...props} />);
}

describe('sidebar stages', () => {
  it('waits for the first snapshot', async () => {
    assert.match(html(undefined), /aria-busy="true".*Loading Fanout/s);
  });

  it('shows the composer with how-it-works until there is history, then the history', async () => {
    const fresh = html(snapshot({ kind: 'compose', draft: '' }));
    assert.match(fresh, /What should the agents build\?/);
    assert.match(fresh, /How it works/);
    const seasoned = html(snapshot({ kind: 'compose', draft: '' }, { history: [summary(1)] }));
    assert.doesNotMatch(seasoned, /How it works/);
    assert.match(seasoned, /History <span/);
  });

  it('shows the planning step and the request', async () => {
    const markup = html(snapshot({ kind: 'planning', request: 'Add a profile page', step: 'routing' }));
    assert.match(markup, /<h1[^>]*>Routing the request…<\/h1>/);
    assert.match(markup, /<p>Add a profile page<\/p>/);
    assert.match(html(snapshot({ kind: 'planning', request: 'r', step: 'planning' })), /<h1[^>]*>Planning the tasks…<\/h1>/);
  });

  it('renders the run view for the stage’s run, with New request only once the run ended', async () => {
    const stage: ViewStage = { kind: 'run', runId: 'run-1' };
    const live = html(snapshot(stage, { run: running }));
    assert.match(live, /class="run-view"/);
    assert.doesNotMatch(live, /New request/);
    const done = html(snapshot(stage, { run: ended }));
    assert.match(done, />New request<\/button>/);
    assert.match(done, /Cancelled by you\./);
    assert.match(html(snapshot({ kind: 'run', runId: 'run-2' }, { run: running })), /Starting the run…/, 'another run is not shown');
  });

  it('maps each error action to the host message that fixes it', async () => {
    const cases = [
      ['setApiKey', 'Set API Key', 'setApiKey'],
      ['openFolder', 'Open Folder', 'distribute'],
      ['trust', 'Manage Trust', 'distribute'],
    ] as const;
    for (const [action, label, type] of cases) {
      const page = await openPage();
      try {
        const { posted, post } = recorder();
        const props: SidebarProps = {
          state: { snapshot: snapshot({ kind: 'error', request: 'r', message: 'It failed.', action }), focusRequests: 0 },
          ui: defaultUiState,
          onUi: () => undefined,
          onRemoveContext: () => undefined,
          post,
          now: T0,
          submitKeys: 'Ctrl+Enter',
        };
        const root = await page.render(<Sidebar {...props} />);
        assert.match(root.textContent ?? '', /It failed\./);
        const buttons = Array.from(root.querySelectorAll('button'));
        const fix = buttons.find((b) => b.textContent === label);
        const back = buttons.find((b) => b.textContent === 'Back');
        assert.ok(fix && back, label);
        await page.act(() => fix.click());
        await page.act(() => back.click());
        assert.deepEqual(posted, [{ type }, { type: 'backToCompose' }]);
      } finally {
        await page.close();
      }
    }
  });
});
