/**
 * One agent's context: the run's context, whole, and its task's own fields. The same object is the
 * context of every tool the agent calls (the plan, workspace and emitter are the run's), so nothing
 * is copied per agent or per tool round.
 */
import type { AgentResume, AgentRunContext, RunContext } from '../contextTypes';
import type { CheckTool } from '../../workspace/tools/toolTypes';
import type { StagingView } from '../../workspace/stagingTypes';
import type { TranscriptWriter } from './transcript';
import type { ResolvedModel } from '../../model/modelSpec';
import type { EffortSetting } from '../../model/requestShape';
import type { Plan, TaskSpec } from '../../plan/plan';
import type { RunEventBody } from '../events';

/** What differs between the agents of a run: the task's part of its context. */
export type AgentTask = Pick<AgentRunContext, 'task' | 'view' | 'signal' | 'model' | 'effort' | 'fallbackModel' | 'taskContext' | 'transcript' | 'resume'>;

export class AgentContext implements AgentRunContext {
  readonly task: TaskSpec;
  readonly view: StagingView;
  readonly signal: AbortSignal;
  readonly model: ResolvedModel;
  readonly effort: EffortSetting;
  readonly fallbackModel?: ResolvedModel;
  readonly taskContext?: string;
  readonly transcript?: TranscriptWriter;
  readonly resume?: AgentResume;

  constructor(
    readonly run: RunContext,
    agent: AgentTask,
  ) {
    this.task = agent.task;
    this.view = agent.view;
    this.signal = agent.signal;
    this.model = agent.model;
    this.effort = agent.effort;
    this.fallbackModel = agent.fallbackModel;
    this.taskContext = agent.taskContext;
    this.transcript = agent.transcript;
    this.resume = agent.resume;
  }

  get plan(): Plan {
    return this.run.plan;
  }

  get workspaceRoot(): string {
    return this.run.workspaceRoot;
  }

  get emit(): (body: RunEventBody) => void {
    return this.run.emit;
  }

  get checks(): CheckTool | undefined {
    return this.run.checks;
  }
}
