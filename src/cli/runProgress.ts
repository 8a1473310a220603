/**
 * How `run`, `run --resume`, `review` and `research` show a run as it happens, in one of three modes:
 *   json   `--json`: every run event as one JSON line on stdout, as it happens (the command prints
 *          `{"type":"summary", …}` as the last line); the plain progress lines go to stderr.
 *   live   stderr is a terminal: one line per agent and a footer, redrawn in place on stderr
 *          (liveProgress.ts, liveWriter.ts); warnings, staged files, findings, checks and endings
 *          scroll above it.
 *   plain  otherwise: one progress line per event that matters (progress.ts), as before.
 * The live view folds the events with the run-state reducer the engine and the views use.
 */
import type { RunEvent } from '../core/run/events';
import { initialRunState, reduceRunEvent } from '../core/run/runState';
import type { RunState } from '../core/run/runStateTypes';
import { liveLines } from './liveProgress';
import { LiveWriter, realClock, type LiveClock, type TerminalStream } from './liveWriter';
import { progressLine } from './progress';

export type ProgressMode = 'json' | 'live' | 'plain';

export function progressMode(json: boolean, stderr: { readonly isTTY?: boolean }): ProgressMode {
  if (json) return 'json';
  return stderr.isTTY === true ? 'live' : 'plain';
}

export interface RunProgress {
  readonly mode: ProgressMode;
  readonly onEvent: (event: RunEvent) => void;
  /** A message beside the events (checks found, a resumed run's notes). */
  note(text: string): void;
  /** The run's state once its handle is there: a resumed run's replayed events are in it. */
  seed(state: RunState): void;
  /** The run ended: the live block is drawn a last time and left on screen; the summary may follow. */
  finish(): void;
}

export interface ProgressOutput {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: TerminalStream & { readonly isTTY?: boolean };
  /** Where plain progress lines go without --json: stdout for `run`, stderr for `review` and `research`. */
  readonly plainTo: 'stdout' | 'stderr';
  readonly clock?: LiveClock;
}

/** Events the live block shows by itself; their lines would only repeat it. */
const SHOWN_LIVE = new Set<RunEvent['kind']>(['agent.started', 'agent.retrying', 'agent.waiting']);

/** The last line of a `--json` run: the command's summary object, marked as such. */
export function summaryLine(summary: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify({ type: 'summary', ...summary })}\n`;
}

export function runProgress(json: boolean, output: ProgressOutput): RunProgress {
  const mode = progressMode(json, output.stderr);
  const lines = mode === 'json' ? output.stderr : output[output.plainTo];
  let startedAt = 0;
  const line = (event: RunEvent): string | undefined => {
    if (event.kind === 'run.started') startedAt = event.at;
    return progressLine(event, startedAt);
  };
  const seedStart = (state: RunState): void => {
    if (startedAt === 0) startedAt = state.startedAt ?? 0;
  };

  if (mode === 'live') {
    let state: RunState | undefined;
    const writer = new LiveWriter(output.stderr, output.clock ?? realClock, (size) => (state !== undefined ? liveLines(state, size) : []));
    return {
      mode,
      onEvent: (event) => {
        state = reduceRunEvent(state ?? initialRunState(event.runId), event);
        const text = line(event);
        if (text !== undefined && !SHOWN_LIVE.has(event.kind)) writer.log(text);
        writer.update();
      },
      note: (text) => writer.log(text),
      seed: (seeded) => {
        seedStart(seeded);
        if (state === undefined || seeded.lastSeq >= state.lastSeq) state = seeded;
        writer.update();
      },
      finish: () => writer.finish(),
    };
  }
  return {
    mode,
    onEvent: (event) => {
      if (mode === 'json') output.stdout.write(`${JSON.stringify(event)}\n`);
      const text = line(event);
      if (text !== undefined) lines.write(`${text}\n`);
    },
    note: (text) => lines.write(`${text}\n`),
    seed: seedStart,
    finish: () => undefined,
  };
}
