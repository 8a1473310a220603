/** The synthesis of a read-only fan-out in the run state: the fold of `synthesis.*` events. Pure. */
import type { RunEventOf } from './events';
import type { RunState } from './runStateTypes';
import { definedFields } from '../definedFields';

export const synthesisHandlers = {
  'synthesis.started': (s: RunState, e: RunEventOf<'synthesis.started'>): RunState => ({ ...s, synthesis: { status: 'running', model: e.model } }),
  'synthesis.finished': (s: RunState, e: RunEventOf<'synthesis.finished'>): RunState => ({
    ...s,
    synthesis: { status: 'done', model: e.model, report: e.report, findings: e.findings, usage: e.usage, costUsd: e.costUsd },
  }),
  'synthesis.failed': (s: RunState, e: RunEventOf<'synthesis.failed'>): RunState => ({
    ...s,
    synthesis: { ...definedFields({ model: s.synthesis?.model }), status: 'failed', message: e.message },
  }),
};
