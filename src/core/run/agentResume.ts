/**
 * How an agent continues after an interruption, from its saved transcript: its conversation of the
 * same attempt and its counters. And the transcript writer an agent of a run with a folder gets.
 */
import type { AgentResume } from './contextTypes';
import type { AgentState } from './runState';
import { readTranscript, TranscriptWriter, transcriptPath, type SavedConversation } from './agent/transcript';

/** The agent's saved conversation, when it is of the attempt the log says was at work; else undefined (it starts afresh). */
export function agentResumeOf(runDir: string, agent: AgentState): AgentResume | undefined {
  const conversation = readTranscript(transcriptPath(runDir, agent.taskId));
  if (conversation?.attempt !== agent.attempt) return undefined;
  return resumeWith(agent, conversation);
}

/** An agent's attempt continued with `conversation`, its counters (turns, usage, cost, time at work) as the log has them. */
export function resumeWith(agent: AgentState, conversation: SavedConversation): AgentResume {
  return { conversation, turns: agent.turns, usage: agent.usage, costUsd: agent.costKnown ? agent.costUsd : null, activeMs: agent.activeMs };
}

/** The writer of an agent's transcript: continuing the resumed conversation, or a new one for `attempt`. */
export function openTranscript(runDir: string, taskId: string, attempt: number, resume: AgentResume | undefined): TranscriptWriter {
  const path = transcriptPath(runDir, taskId);
  return resume !== undefined ? TranscriptWriter.continuing(path, resume.conversation) : new TranscriptWriter(path, attempt);
}
