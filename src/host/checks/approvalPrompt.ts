/**
 * The one question Fanout asks before it runs check commands the user has not approved for the
 * workspace: a modal warning that lists the exact commands and says where and how they run. "Run
 * these checks" approves the list for the workspace; "Run without checks" starts the run without a
 * check phase; dismissing it (Escape, Cancel) starts nothing. Pure wording.
 */
import type { CheckSpec } from '../../core/checks/checkTypes';

export const RUN_CHECKS = 'Run these checks';
export const RUN_WITHOUT_CHECKS = 'Run without checks';

export const CHECKS_QUESTION = 'Fanout: run these check commands when the agents finish?';

/** The run's `checksSkipped` message when the user chose to run without them. */
export const DECLINED_MESSAGE = 'You chose to run without checks: the list was not approved for this workspace.';

/** The modal's detail: every command exactly as it will run, then where and how. */
export function checksDetail(list: readonly CheckSpec[]): string {
  const commands = list.map((c) => `${c.id}: ${c.command}`).join('\n');
  return [
    commands,
    '',
    'They run in a copy of this workspace outside it, with every staged change applied (your files are not changed), with secrets removed from their environment.',
    'Approving remembers this exact list for this workspace; a changed list asks again.',
  ].join('\n');
}
