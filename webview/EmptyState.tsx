import VscodeButton from '@vscode-elements/react-elements/dist/components/VscodeButton.js';
import type { SidebarSnapshot } from '../src/protocol/messages';
import { postToHost } from './vscodeApi';

const STEPS: readonly { readonly title: string; readonly text: string }[] = [
  { title: 'Plan', text: 'Your request is split into tasks. Each task owns an exact set of files; no two agents write the same file.' },
  { title: 'Contract first', text: 'Shared types and interfaces are written before the parallel work starts, so agents build against one contract.' },
  { title: 'Run in parallel', text: 'Agents work side by side. Watch each one live: what it edits, its tokens and its cost. Rate limits are retried, not fatal.' },
  { title: 'Review', text: 'Every change waits in the Source Control view. Open the diff, then accept or discard per file or per agent.' },
];

function WorkspaceNotice({ snapshot }: { readonly snapshot: SidebarSnapshot }) {
  switch (snapshot.workspace.kind) {
    case 'none':
      return (
        <p className="notice" role="status">
          Open a folder to start: agents work on the files of a workspace.
        </p>
      );
    case 'untrusted':
      return (
        <p className="notice" role="status">
          “{snapshot.workspace.name}” is in Restricted Mode. Trust the workspace to let agents read and stage changes.
        </p>
      );
    case 'ready':
      return null;
  }
}

/** What Fanout does and how to start: the view before any run. */
export function EmptyState({ snapshot }: { readonly snapshot: SidebarSnapshot | undefined }) {
  return (
    <main className="empty-state" aria-labelledby="fanout-empty-title">
      <h1 id="fanout-empty-title">Split one feature across parallel agents</h1>
      <p className="lede">
        Describe a feature once. Fanout plans who owns which file, writes the shared contract first, runs the agents in
        parallel and stages every change for your review. Nothing touches your files until you accept it.
      </p>
      {snapshot?.demoMode ? (
        <div className="demo-banner" role="note" aria-label="Demo mode">
          <strong>Demo mode.</strong> No API key is set, so runs use a built-in scenario on a local fake model.{' '}
          <a href="#" onClick={(e) => { e.preventDefault(); postToHost({ type: 'setApiKey' }); }}>
            Set API key
          </a>
        </div>
      ) : null}
      {snapshot ? <WorkspaceNotice snapshot={snapshot} /> : null}
      <VscodeButton className="start" onClick={() => postToHost({ type: 'distribute' })}>
        Distribute Feature
      </VscodeButton>
      <p className="hint">
        Or run <kbd>Fanout: Distribute Feature</kbd> from the Command Palette.
      </p>
      <ol className="steps">
        {STEPS.map((step) => (
          <li key={step.title}>
            <strong>{step.title}.</strong> {step.text}
          </li>
        ))}
      </ol>
      <p className="footer">
        <a href="#" onClick={(e) => { e.preventDefault(); postToHost({ type: 'openSettings' }); }}>
          Settings
        </a>{' '}
        · models, concurrency and budgets
      </p>
    </main>
  );
}
