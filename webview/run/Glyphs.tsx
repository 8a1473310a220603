/** Small decorative glyphs of Fanout's run view: status icons, owner swatches and the stop icon (never the only cue). */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { AgentStatus } from '../../src/core/run/runState';
import type { OwnerColor } from './palette';

const PATHS: Readonly<Record<AgentStatus, readonly string[]>> = {
  queued: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11', 'M8 5v3l2 1.5'],
  running: ['M8 2.5a5.5 5.5 0 0 1 5.5 5.5'],
  // An hourglass: the agent holds its next request until the account has capacity again.
  waiting: ['M4.5 2.5h7', 'M4.5 13.5h7', 'M5 2.5c0 3 6 3 6 5.5s-6 2.5-6 5.5', 'M11 2.5c0 3-6 3-6 5.5s6 2.5 6 5.5'],
  retrying: ['M13 8a5 5 0 1 1-1.46-3.54', 'M12 2.2v2.6H9.4'],
  blocked: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11', 'M4.2 4.2l7.6 7.6'],
  done: ['M3.5 8.5l3 3l6-7'],
  failed: ['M4.5 4.5l7 7', 'M11.5 4.5l-7 7'],
  cancelled: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11', 'M5.5 8h5'],
};

/** The status as a 16px icon in the status colour; the status text always sits beside it. */
export function StatusIcon({ status }: { readonly status: AgentStatus }) {
  return (
    <svg className={`status-icon status-icon-${status}`} viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      {status === 'running' ? <circle className="status-icon-track" cx="8" cy="8" r="5.5" /> : null}
      {PATHS[status].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

/** A small square in the owner's colour; its shape tells apart tasks that share a colour. */
export function Swatch({ owner, title }: { readonly owner: OwnerColor; readonly title?: string }) {
  return <span className={`swatch swatch-${owner.shape}`} style={{ color: owner.color }} title={title} aria-hidden="true" />;
}

/** A stop square for an icon button; the button carries the words (aria-label and title). */
export function StopIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <rect x="3.5" y="3.5" width="9" height="9" rx="1.5" />
    </svg>
  );
}
