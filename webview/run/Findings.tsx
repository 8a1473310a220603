/** What Fanout's validators reported about the combined change, most severe first; each part of a finding a separate element, spaced. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { Finding } from '../../src/core/run/runState';

const RANK = { error: 0, warning: 1, info: 2 } as const;
const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export function Findings({ findings }: { readonly findings: readonly Finding[] }) {
  const sorted = [...findings].sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.seq - b.seq);
  return (
    <ul className="findings">
      {sorted.flatMap((f, i) => [
        i > 0 ? ' ' : null,
        <li key={f.seq} className={`finding severity-${f.severity}`}>
          <span className="finding-severity">{SEVERITY_LABEL[f.severity]}</span> <span className="finding-message">{f.message}</span>{' '}
          <span className="finding-where">
            {f.taskId}
            {f.path ? ` · ${f.path}${f.line !== undefined ? `:${f.line}` : ''}` : ''}
          </span>
        </li>,
      ])}
    </ul>
  );
}
