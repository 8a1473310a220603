/** How Fanout works, in four steps: shown under the composer until the workspace has a run. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { WebviewToHost } from '../src/protocol/messages';

const STEPS: readonly { readonly title: string; readonly text: string }[] = [
  { title: 'Plan', text: 'Your request is split into tasks. Each task owns an exact set of files; no two agents write the same file.' },
  { title: 'Contract first', text: 'Shared types and interfaces are written before the parallel work starts, so agents build against one contract.' },
  {
    title: 'Run in parallel',
    text: 'Agents work side by side. Watch each one live: what it edits, its tokens and its cost. Rate limits are retried, not fatal.',
  },
  { title: 'Review', text: 'Every change waits in the Source Control view. Open the diff, then accept or discard per file or per agent.' },
];

export function EmptyState({ post }: { readonly post: (message: WebviewToHost) => void }) {
  return (
    <section className="intro" aria-labelledby="intro-title">
      <h2 id="intro-title" className="ui-section-title">
        How it works
      </h2>
      <ol className="steps">
        {STEPS.map((step) => (
          <li key={step.title}>
            <strong>{step.title}.</strong> {step.text}
          </li>
        ))}
      </ol>
      <p className="footer">
        Nothing touches your files until you accept it.{' '}
        <button type="button" className="link-button" onClick={() => post({ type: 'openSettings' })}>
          Settings
        </button>{' '}
        for models, concurrency and budgets.
      </p>
    </section>
  );
}
