/**
 * The Distribute Feature flow without VS Code: a FlowController over a real run store in a temp
 * folder, the hand-driven fake engine, and recording fakes for the notifier (modal questions too),
 * the log, the model access, planning (whose answer the test releases) and check detection; check
 * approval is the real one over a memento in memory.
 */
import type Anthropic from '@anthropic-ai/sdk';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_BUDGETS, DEFAULT_EFFORT, DEFAULT_MODELS, DEFAULT_RETRY } from '../../../src/core/defaults';
import { ModelTable } from '../../../src/core/model/modelTable';
import type { Plan, PlanFinding } from '../../../src/core/plan/plan';
import { checkPlan } from '../../../src/core/plan/planCheck';
import type { ProposedRun, ProposeOptions } from '../../../src/core/planning/propose';
import type { CheckSpec } from '../../../src/core/checks/checkTypes';
import { MemoryMemento, WorkspaceCheckApproval } from '../../../src/host/checks/checkApproval';
import { DEFAULT_CHECK_SETTINGS } from '../../../src/host/checks/checkSettings';
import { NO_CHECKS_FOUND, type FoundChecks } from '../../../src/host/checks/planReviewChecks';
import { RunStore } from '../../../src/core/store/runStore';
import { FlowController, type RunEventBatch } from '../../../src/host/flow/flowController';
import type { FlowNotifier, FlowPorts } from '../../../src/host/flow/ports';
import type { AccessProblem, ModelAccess } from '../../../src/host/runs/modelAccess';
import { RunsService, type RunsChange } from '../../../src/host/runs/runsService';
import type { FanoutSettings } from '../../../src/host/settings';
import { implement, makePlan } from '../engine/harness';
import { FakeEngine } from './fakeEngine';
import { FakeResumer } from './fakeResume';

export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly actions: readonly string[];
}

/** A modal question the flow asked. */
export interface Modal {
  readonly message: string;
  readonly detail: string;
  readonly actions: readonly string[];
}

/** Checks as detection finds them (`source` 'manifest', origins of package.json scripts). */
export function foundChecks(...commands: string[]): FoundChecks {
  const checks = commands.map((command, i): CheckSpec => ({
    id: command.split(' ').at(-1) ?? `check-${i}`,
    command,
    source: 'manifest',
    origin: `package.json script ${i}`,
  }));
  return { checks, source: commands.length > 0 ? 'manifest' : undefined, notes: [] };
}

export function testSettings(overrides: Partial<FanoutSettings> = {}): FanoutSettings {
  return {
    models: DEFAULT_MODELS,
    maxConcurrency: 4,
    budgets: DEFAULT_BUDGETS,
    retry: DEFAULT_RETRY,
    effort: DEFAULT_EFFORT,
    fallbackModel: '',
    modelTable: new ModelTable({}),
    prices: {},
    autoApprove: false,
    apiBaseUrl: '',
    checks: DEFAULT_CHECK_SETTINGS,
    problems: [],
    ...overrides,
  };
}

export function proposalFor(
  root: string,
  plan: Plan = makePlan([implement('a'), implement('b')]),
  extra: { findings?: PlanFinding[]; needsApproval?: boolean; warnings?: string[] } = {},
): ProposedRun {
  const checked = checkPlan(plan, root).plan;
  const findings = extra.findings ?? [];
  return {
    route: { route: 'complex', rationale: 'Several parts.', overridden: false },
    plan: { ...checked, lint: findings },
    findings,
    estimate: { lowUsd: 0.1, highUsd: 0.2, lowTokens: 1000, highTokens: 2000, unpricedModels: [], basis: 'test' },
    needsApproval: extra.needsApproval ?? false,
    sharedContext: 'PROJECT CONTEXT',
    warnings: extra.warnings ?? [],
  };
}

/** One planning call the test answers. */
export interface PendingPlan {
  readonly options: ProposeOptions;
  resolve(proposal: ProposedRun): void;
  reject(error: unknown): void;
}

export class FlowHarness {
  readonly root = mkdtempSync(join(tmpdir(), 'fanout-flow-ws-'));
  readonly runsDir = mkdtempSync(join(tmpdir(), 'fanout-flow-runs-'));
  readonly engine = new FakeEngine();
  readonly resumer = new FakeResumer();
  readonly runs: RunsService;
  readonly flow: FlowController;
  readonly notices: Notice[] = [];
  readonly logs: string[] = [];
  readonly plans: PendingPlan[] = [];
  readonly batches: RunEventBatch[] = [];
  readonly runChanges: RunsChange[] = [];
  /** Stages seen at every change the view is told about. */
  readonly stages: string[] = [];
  accessOpened = 0;
  accessClosed = 0;
  apiKeyPrompts = 0;
  /** What the next notification's user picks. */
  answer: string | undefined;
  noKey = false;
  /** Makes opening the model access throw (the demo server cannot start). */
  accessFails: Error | undefined;
  demo = false;
  trusted = true;
  folderOpen = true;
  settings = testSettings();
  /** What check detection finds next, and each time it was asked. */
  found: FoundChecks = NO_CHECKS_FOUND;
  /** Makes check detection throw. */
  detectFails: Error | undefined;
  readonly detections: { readonly root: string; readonly setting: readonly string[] }[] = [];
  /** Modal questions asked, and what the user answers them (undefined: Escape). */
  readonly modals: Modal[] = [];
  modalAnswer: string | undefined;
  readonly memento = new MemoryMemento();
  readonly approval = new WorkspaceCheckApproval(this.memento);
  private ids = 0;

  constructor() {
    this.runs = new RunsService({
      store: new RunStore(this.runsDir),
      workspaceRoot: this.root,
      startRun: this.engine.start,
      resumeRun: this.resumer.resume,
      newRunId: () => `run-${++this.ids}`,
    });
    this.runs.onDidChange((c) => this.runChanges.push(c));
    const notice =
      (level: Notice['level']): FlowNotifier['showInfo'] =>
      async (message, ...actions) => {
        this.notices.push({ level, message, actions });
        return this.answer;
      };
    const ports: FlowPorts = {
      notifier: {
        showInfo: notice('info'),
        showWarning: notice('warning'),
        showError: notice('error'),
        showModalWarning: async (message, detail, ...actions) => {
          this.modals.push({ message, detail, actions });
          return this.modalAnswer;
        },
      },
      log: { info: (m) => this.logs.push(`info ${m}`), warn: (m) => this.logs.push(`warn ${m}`), error: (m) => this.logs.push(`error ${m}`) },
      runs: this.runs,
      workspaceRoot: () => (this.folderOpen ? this.root : undefined),
      isTrusted: () => this.trusted,
      readSettings: () => this.settings,
      openModelAccess: async (): Promise<ModelAccess | AccessProblem> => {
        if (this.accessFails) throw this.accessFails;
        if (this.noKey) return { kind: 'no-key', message: 'Fanout needs an Anthropic API key for this workspace.' };
        this.accessOpened += 1;
        return {
          client: { fake: true } as unknown as Anthropic,
          demo: this.demo,
          close: async () => {
            this.accessClosed += 1;
          },
        };
      },
      propose: (options) =>
        new Promise<ProposedRun>((resolve, reject) => {
          this.plans.push({ options, resolve, reject });
        }),
      detectChecks: async (root, setting) => {
        this.detections.push({ root, setting });
        if (this.detectFails) throw this.detectFails;
        return this.found;
      },
      checkApproval: this.approval,
      setApiKey: () => {
        this.apiKeyPrompts += 1;
      },
    };
    this.flow = new FlowController(ports);
    this.flow.onDidChange(() => this.stages.push(this.flow.stage.kind));
    this.flow.onEvents((batch) => this.batches.push(batch));
  }

  get lastPlan(): PendingPlan {
    const plan = this.plans.at(-1);
    if (!plan) throw new Error('planning was not asked');
    return plan;
  }

  /** Submits and waits until planning was asked (or the submit ended first). */
  async submit(request = 'Add a --json flag', route?: 'trivial' | 'moderate' | 'complex'): Promise<{ readonly done: Promise<void> }> {
    const asked = this.plans.length;
    const done = this.flow.submit(request, undefined, route);
    await until(() => this.plans.length > asked || this.flow.stage.kind !== 'planning');
    // Wrapped: an async function returning the promise itself would wait for it.
    return { done };
  }

  /** Submits, answers with `proposal` and waits for the submit to finish. */
  async plan(proposal: ProposedRun = proposalFor(this.root), request?: string): Promise<void> {
    const { done } = await this.submit(request);
    this.lastPlan.resolve(proposal);
    await done;
  }

  dispose(): void {
    this.flow.dispose();
    this.runs.dispose();
    rmSync(this.root, { recursive: true, force: true });
    rmSync(this.runsDir, { recursive: true, force: true });
  }
}

export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Lets promise callbacks (a settle, a closed log) run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}
