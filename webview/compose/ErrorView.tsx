/** Fanout's error stage: what went wrong before a run could start, the action that fixes it, and Back. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { ViewStage, WebviewToHost } from '../../src/protocol/messages';
import { useStageFocus } from '../useStageFocus';

type ErrorStage = Extract<ViewStage, { kind: 'error' }>;

export interface ErrorViewProps {
  readonly stage: ErrorStage;
  readonly post: (message: WebviewToHost) => void;
}

const ACTIONS: Readonly<Record<NonNullable<ErrorStage['action']>, { readonly label: string; readonly message: WebviewToHost }>> = {
  setApiKey: { label: 'Set API Key', message: { type: 'setApiKey' } },
  openFolder: { label: 'Open Folder', message: { type: 'distribute' } },
  trust: { label: 'Manage Trust', message: { type: 'distribute' } },
};

export function ErrorView({ stage, post }: ErrorViewProps) {
  const heading = useStageFocus<HTMLHeadingElement>();
  const action = stage.action ? ACTIONS[stage.action] : undefined;
  return (
    <main className="stage error" aria-labelledby="error-title">
      <h1 id="error-title" className="stage-title" ref={heading} tabIndex={-1}>
        The request could not start
      </h1>
      <div className="banner banner-error" role="alert">
        <p>{stage.message}</p>
      </div>
      {stage.request ? (
        <section className="request-quote" aria-label="Request">
          <p>{stage.request}</p>
        </section>
      ) : null}
      <div className="button-row">
        {action ? (
          <button type="button" className="ui-button primary" onClick={() => post(action.message)}>
            {action.label}
          </button>
        ) : null}
        <button type="button" className={`ui-button ${action ? 'secondary' : 'primary'}`} onClick={() => post({ type: 'backToCompose' })}>
          Back
        </button>
      </div>
    </main>
  );
}
