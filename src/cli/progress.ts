/** One progress line per event kind that matters, for the headless entry. */
import type { RunEvent } from '../core/run/events';

const time = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

function problems(diagnostics: readonly { path: string; line?: number; owner?: string }[], total: number): string {
  if (total === 0) return '';
  const shown = diagnostics.slice(0, 3).map((d) => `${d.path}${d.line !== undefined ? `:${d.line}` : ''}${d.owner !== undefined ? ` (${d.owner})` : ''}`);
  return `, ${total} problem(s): ${shown.join(', ')}${total > shown.length ? ', …' : ''}`;
}

export function progressLine(event: RunEvent, startedAt: number): string | undefined {
  const t = `[${time(event.at - startedAt).padStart(6)}]`;
  switch (event.kind) {
    case 'run.started':
      return `${t} run ${event.runId}: ${event.plan.tasks.length} task(s), up to ${event.maxConcurrency} at once`;
    case 'agent.started':
      return `${t} ${event.taskId}: ${event.fixup !== undefined ? `fix-up round ${event.fixup} on ${event.model}` : `started on ${event.model}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`}`;
    case 'run.resumed':
      return `${t} run ${event.runId} resumed, up to ${event.maxConcurrency} at once`;
    case 'run.warning':
      return `${t} warning: ${event.message}`;
    case 'agent.compacted':
      return `${t} ${event.taskId}: conversation compacted at turn ${event.turn} (~${event.tokensBefore.toLocaleString('en-US')} -> ~${event.tokensAfter.toLocaleString('en-US')} tokens)`;
    case 'agent.fallback':
      return `${t} ${event.taskId}: ${event.from} refused turn ${event.turn}; asking ${event.to} once`;
    case 'agent.retrying':
      return `${t} ${event.taskId}: ${event.cause}${event.status ? ` (${event.status})` : ''}, retry ${event.attempt} in ${time(event.delayMs)}`;
    case 'agent.waiting':
      return `${t} ${event.taskId}: waiting for capacity (${event.reason}) for ${time(Math.max(0, event.until - event.at))}`;
    case 'file.staged':
      return `${t} ${event.taskId}: staged ${event.change} ${event.path}`;
    case 'write.denied':
      return `${t} ${event.taskId}: DENIED ${event.tool} ${event.path}: ${event.message}`;
    case 'finding.reported':
      return `${t} ${event.taskId}: ${event.severity} ${event.path ? `${event.path}${event.line ? `:${event.line}` : ''} ` : ''}${event.message}`;
    case 'agent.finished':
      return `${t} ${event.taskId}: ${event.outcome}${event.reason !== 'finished' ? ` (${event.reason})` : ''}${event.message ? ` ${event.message}` : ''}`;
    case 'checks.skipped':
      return `${t} checks skipped: ${event.message}`;
    case 'check.started':
      return `${t} check ${event.checkId}${event.requestedBy !== undefined ? ` (for ${event.requestedBy})` : ` (pass ${event.pass})`}: ${event.command}`;
    case 'check.finished':
      return `${t} check ${event.checkId}: ${event.outcome}${event.exitCode !== null && event.outcome !== 'passed' ? ` (exit ${event.exitCode})` : ''} in ${time(event.durationMs)}${problems(event.diagnostics, event.diagnosticsTotal)}${event.message ? ` ${event.message}` : ''}`;
    case 'fixup.started':
      return `${t} fix-up round ${event.round}: ${event.tasks.map((task) => `${task.taskId} (${[...task.checks, ...(task.findings > 0 ? [`${task.findings} finding(s)`] : [])].join(', ')})`).join(', ')}`;
    case 'checks.finished':
      return `${t} checks ${event.verdict}: ${event.message}`;
    case 'synthesis.started':
      return `${t} synthesis: merging the findings on ${event.model}`;
    case 'synthesis.finished':
      return `${t} synthesis done: ${event.findings.length} ranked finding(s)${event.costUsd !== null ? `, $${event.costUsd.toFixed(4)}` : ''}`;
    case 'synthesis.failed':
      return `${t} synthesis failed: ${event.message}`;
    case 'run.finished':
      return `${t} run ${event.outcome}${event.message ? `: ${event.message}` : ''}`;
    default:
      return undefined;
  }
}
