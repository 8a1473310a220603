/**
 * Fanout's request composer: the feature request, its optional context, the pattern and route
 * picks, and Distribute. The draft is saved to the host (debounced) so it survives the view
 * closing; the picks are UI state the webview keeps itself. Removing the context chip saves the
 * draft and asks the host for the composer again, which drops the context it would append.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { composerBlocker, MAX_REQUEST_CHARS, submitMessage, type ComposerProps } from './composeModel';
import { DemoBanner, WorkspaceNotice } from './Notices';
import { PatternPicker, RoutePicker } from './Pickers';

const SAVE_DELAY_MS = 500;

function ContextChip({ context, onRemove }: { readonly context: string; readonly onRemove: () => void }) {
  const firstLine = context.split(/\r?\n/, 1)[0] ?? context;
  return (
    <div className="context-chip" title={context}>
      <span className="context-chip-label">Context</span>
      <span className="context-chip-text">{firstLine}</span>
      <button type="button" className="icon-button" aria-label={`Remove context: ${firstLine}`} onClick={onRemove}>
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
          <path d="M4 4l8 8M12 4l-8 8" />
        </svg>
      </button>
    </div>
  );
}

/** Keeps the text in step with the host's draft and saves edits back, debounced, flushed on unmount or on demand. */
function useDraft(draft: string, post: ComposerProps['post']): readonly [string, (text: string) => void, () => void] {
  const [text, setText] = useState(draft);
  const saved = useRef(draft);
  // The text as last typed, for a flush that runs before the next render (set with the state, never during render).
  const latest = useRef(draft);
  const update = useCallback((next: string) => {
    latest.current = next;
    setText(next);
  }, []);

  // A draft the host changed (a prefilled demo request, a request sent back after "Back") replaces the text.
  useEffect(() => {
    if (draft !== saved.current) {
      saved.current = draft;
      latest.current = draft;
      setText(draft);
    }
  }, [draft]);

  useEffect(() => {
    if (text === saved.current) return undefined;
    const timer = setTimeout(() => {
      saved.current = text;
      post({ type: 'saveDraft', draft: text.slice(0, MAX_REQUEST_CHARS) });
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, post]);

  const flush = useCallback(() => {
    if (latest.current !== saved.current) {
      saved.current = latest.current;
      post({ type: 'saveDraft', draft: latest.current.slice(0, MAX_REQUEST_CHARS) });
    }
  }, [post]);
  useEffect(() => flush, [flush]);
  return [text, update, flush];
}

export function Composer(props: ComposerProps) {
  const { context, workspace, demoMode, patterns, ui, onUi, focusRequests, post, submitKeys } = props;
  const [text, setText, flushDraft] = useDraft(props.draft, post);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const blocker = composerBlocker(text, workspace);

  useEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.focus();
    el.setSelectionRange(el.value.length, el.value.length);
  }, [focusRequests]);

  const submit = useCallback(() => {
    if (blocker === undefined) {
      post(submitMessage(text, ui, patterns));
    }
  }, [blocker, post, text, ui, patterns]);

  const removeContext = () => {
    flushDraft();
    post({ type: 'backToCompose' });
    props.onRemoveContext();
    textarea.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  const near = text.length > MAX_REQUEST_CHARS * 0.9;
  return (
    <main className="stage compose" aria-labelledby="compose-title" onKeyDown={onKeyDown}>
      <h1 id="compose-title" className="stage-title">
        What should the agents build?
      </h1>
      {demoMode ? <DemoBanner post={post} /> : null}
      <WorkspaceNotice workspace={workspace} post={post} />

      <div className="field">
        <label className="visually-hidden" htmlFor="compose-request">
          Feature request
        </label>
        <textarea
          id="compose-request"
          ref={textarea}
          className="ui-textarea"
          rows={6}
          value={text}
          placeholder="Describe the feature: what it does, where it lives, how you will know it works."
          aria-describedby="compose-reason compose-keys"
          onChange={(e) => setText(e.currentTarget.value)}
        />
        {near ? (
          <p className="field-help counter">
            {text.length.toLocaleString('en-US')} / {MAX_REQUEST_CHARS.toLocaleString('en-US')}
          </p>
        ) : null}
        {context ? <ContextChip context={context} onRemove={removeContext} /> : null}
      </div>

      <PatternPicker patterns={patterns} value={ui.pattern} onChange={(pattern) => onUi({ pattern })} />
      <RoutePicker value={ui.route} onChange={(route) => onUi({ route })} />

      <div className="submit-row">
        <button type="button" className="ui-button primary wide" aria-disabled={blocker !== undefined} aria-describedby="compose-reason" onClick={submit}>
          Distribute
        </button>
        <p id="compose-keys" className="field-help keys">
          <kbd>{submitKeys}</kbd> to distribute
        </p>
      </div>
      <p id="compose-reason" className="blocker" role="status">
        {blocker ?? ''}
      </p>
      <ReadOnlyActions post={post} />
    </main>
  );
}

/** The read-only fan-outs: agents that only read, side by side, ending in one report; nothing is written. */
function ReadOnlyActions({ post }: { readonly post: ComposerProps['post'] }) {
  return (
    <section className="read-only-actions" aria-labelledby="read-only-title">
      <h2 id="read-only-title" className="field-label">
        Or read without writing
      </h2>
      <div className="read-only-buttons">
        <button type="button" className="ui-button secondary small" aria-describedby="read-only-help" onClick={() => post({ type: 'distributeReview' })}>
          Review changes…
        </button>
        <button type="button" className="ui-button secondary small" aria-describedby="read-only-help" onClick={() => post({ type: 'distributeResearch' })}>
          Research a question…
        </button>
      </div>
      <p id="read-only-help" className="field-help">
        Reviewers or research questions run side by side and end in one report; nothing in the workspace changes.
      </p>
    </section>
  );
}
