/** Banners above Fanout's composer: demo mode, and a workspace that cannot run agents yet. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { WebviewToHost, WorkspaceStatus } from '../../src/protocol/messages';

type Post = (message: WebviewToHost) => void;

export function DemoBanner({ post }: { readonly post: Post }) {
  return (
    <section className="banner banner-info" aria-labelledby="demo-title">
      <h2 id="demo-title" className="banner-title">
        Demo mode
      </h2>
      <p>
        No API key is set, so on the sample project Distribute runs a built-in scenario on a local fake model. Nothing is sent to a real model and nothing is
        billed; the staged changes are real and yours to review.
      </p>
      <button type="button" className="link-button" onClick={() => post({ type: 'setApiKey' })}>
        Set API key
      </button>{' '}
      <button type="button" className="link-button" onClick={() => post({ type: 'tryDemo' })}>
        Try the demo on a copy of the sample project
      </button>
    </section>
  );
}

/** Why the workspace blocks a run, with the action that unblocks it; nothing when it is ready. */
export function WorkspaceNotice({ workspace, post }: { readonly workspace: WorkspaceStatus; readonly post: Post }) {
  if (workspace.kind === 'ready') return null;
  const [title, text, action] =
    workspace.kind === 'none'
      ? ['No folder open', 'Agents read and stage the files of a workspace folder.', 'Open Folder']
      : [`“${workspace.name}” is in Restricted Mode`, 'Trust the workspace to let agents read files and stage changes.', 'Manage Trust'];
  return (
    <section className="banner banner-warning" aria-labelledby="workspace-title">
      <h2 id="workspace-title" className="banner-title">
        {title}
      </h2>
      <p>{text}</p>
      <button type="button" className="ui-button secondary" onClick={() => post({ type: 'distribute' })}>
        {action}
      </button>
    </section>
  );
}
