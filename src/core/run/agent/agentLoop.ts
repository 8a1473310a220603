/**
 * The agent loop: ask the model, run the tools it calls, feed the results back, until it calls
 * `finish`, ends its turn without a tool call, hits a budget, fails for good, or is cancelled.
 * `runAgent` never throws: every ending is an AgentResult (the scheduler turns it into agent.finished).
 *
 * Every request is shaped by the model table (thinking, effort, output cap) and checked against the
 * model's window first: a conversation past COMPACT_AT of the window is compacted, one that cannot be
 * and would not fit ends the agent. The conversation itself only grows (see `history.ts`).
 *
 * With a transcript (a run with a folder), each finished turn is saved before the next request
 * (`transcript.ts`); a resumed attempt (`ctx.resume`) starts from the saved conversation and its counters.
 *
 * This file is the turn-by-turn flow; one turn's request and accounting are `loopTurn.ts`, what an
 * answer leads to `afterAnswer.ts`, a refused turn's retry `fallback.ts`, compacting `loopCompaction.ts`.
 */
import type { AgentResult, AgentRunContext } from '../contextTypes';
import { ZERO_USAGE } from '../../model/usage';
import { continueAfter } from './afterAnswer';
import { cancelledResult } from './attempts';
import { compactionThreshold, ContextMeter } from './context';
import { windowFullEnd } from './endings';
import { retryOnFallback } from './fallback';
import { Conversation } from './history';
import { AgentTextLog } from './logCaps';
import { compactConversation, mayCompact } from './loopCompaction';
import { answerTurn, type Loop, stopBeforeTurn } from './loopTurn';
import { openingMessage, TurnRequests } from './request';
import { describeError } from './text';

export { CONTINUE_AFTER_PAUSE } from './afterAnswer';

export async function runAgent(ctx: AgentRunContext): Promise<AgentResult> {
  try {
    return await loop(ctx);
  } catch (error) {
    if (ctx.signal.aborted) {
      return cancelledResult(ctx.signal);
    }
    return { outcome: 'failed', reason: 'error', message: `The agent stopped on an internal error: ${describeError(error)}` };
  }
}

async function loop(ctx: AgentRunContext): Promise<AgentResult> {
  const model = ctx.model;
  const resume = ctx.resume;
  const agent: Loop = {
    ctx,
    state: {
      // A resumed attempt continues its counters: its turns, tokens, cost and time at work before the interruption.
      spend:
        resume !== undefined
          ? { turns: resume.turns, usage: resume.usage, costUsd: resume.costUsd, startedAt: ctx.run.now() - resume.activeMs }
          : { turns: 0, usage: ZERO_USAGE, costUsd: 0, startedAt: ctx.run.now() },
      maxTokens: ctx.run.maxOutputTokens,
      compactionProblem: undefined,
      spoke: resume !== undefined && resume.turns > 0,
    },
    conversation:
      resume !== undefined
        ? Conversation.restore(resume.conversation.messages, resume.conversation.compacted)
        : new Conversation(openingMessage(ctx.task, ctx.taskContext)),
    meter: new ContextMeter(),
    requests: new TurnRequests(ctx),
    textLog: new AgentTextLog((text, source) =>
      ctx.emit(source === 'thinking' ? { kind: 'agent.text', taskId: ctx.task.id, text, source } : { kind: 'agent.text', taskId: ctx.task.id, text }),
    ),
  };
  const { state, conversation, meter } = agent;
  // The opening goes on disk first, then every finished turn before the next request, so a resume
  // never asks a turn again (the writer's appends are synchronous: each line is in the file when it returns).
  if (resume === undefined) ctx.transcript?.start(conversation.messages[0]);

  for (;;) {
    const stop = stopBeforeTurn(ctx, state);
    if (stop !== undefined) return stop;
    const turn = state.spend.turns + 1;
    const request = agent.requests.build(conversation.messages, { model, maxTokens: state.maxTokens });
    const tokens = meter.estimate(model.spec, request.bytes, conversation.messages);

    // A conversation already past the window cannot be compacted either: the summary request holds it all.
    if (tokens > compactionThreshold(model.spec) && tokens <= model.spec.contextWindow && mayCompact(model, state, conversation)) {
      const end = await compactConversation(agent, request, tokens, turn);
      if (end !== undefined) return end;
      continue;
    }
    if (tokens > model.spec.contextWindow) {
      return windowFullEnd(model, tokens, state.compactionProblem);
    }

    const answered = await answerTurn(agent, model, request, turn, tokens);
    if (!answered.ok) return answered.end;
    let answer = answered.answer;

    if (answer.message.stop_reason === 'refusal') {
      const retried = await retryOnFallback(agent, answer, turn);
      if (retried.kind === 'end') return retried.end;
      answer = retried.answer;
    }

    const before = conversation.length;
    const end = await continueAfter(agent, answer);
    // A run with checks may continue a done agent in a fix-up round: its conversation is kept.
    const fixable = end?.outcome === 'done' && ctx.run.checks !== undefined;
    // The finished turn goes on disk before the next request, so a resume never asks it again; the
    // finishing turn only when a fix-up round may continue the conversation from disk.
    if (conversation.length > before && (end === undefined || fixable)) {
      ctx.transcript?.turn(state.spend.turns, conversation.messages.slice(before));
    }
    if (end === undefined) continue;
    return fixable ? { ...end, conversation: { messages: [...conversation.messages], compacted: conversation.compacted } } : end;
  }
}
