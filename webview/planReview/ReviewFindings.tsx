/** Plan lint findings, errors first, each with its one-click fix when the linter offers one. */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import type { PlanFinding, Severity } from '../../src/core/plan/plan';
import { findingsBySeverity, SEVERITY_LABEL } from './reviewModel';

const ICON: Readonly<Record<Severity, readonly string[]>> = {
  error: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11', 'M8 5v3.5', 'M8 10.8v.2'],
  warning: ['M8 2.5l6 10.5H2z', 'M8 6.5v3', 'M8 11.2v.2'],
  info: ['M8 2.5a5.5 5.5 0 1 1 0 11a5.5 5.5 0 1 1 0-11', 'M8 7.5V11', 'M8 5.2v.2'],
};

function SeverityIcon({ severity }: { readonly severity: Severity }) {
  return (
    <svg className="review-finding-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      {ICON[severity].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}

export function ReviewFindings({ findings, onFix }: { readonly findings: readonly PlanFinding[]; readonly onFix: (index: number) => void }) {
  if (findings.length === 0) return null;
  return (
    <section className="review-section" aria-labelledby="review-findings-title">
      <h2 id="review-findings-title" className="ui-section-title">
        Findings <span className="ui-section-count">{findings.length}</span>
      </h2>
      <ul className="review-findings">
        {findingsBySeverity(findings).map(({ index, finding }) => (
          <li key={index} className={`review-finding sev-${finding.severity}`}>
            <div className="review-finding-head">
              <SeverityIcon severity={finding.severity} />
              <span className="review-finding-severity">{SEVERITY_LABEL[finding.severity]}</span>
              <code className="review-finding-code">{finding.code}</code>
            </div>
            <p className="review-finding-message">{finding.message}</p>
            {finding.fix ? (
              <button type="button" className="ui-button small" onClick={() => onFix(index)}>
                {finding.fix.title}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
