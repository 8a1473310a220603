/**
 * The benchmark's scenarios: N independent implement agents under a concurrency cap, a small DAG
 * (contract -> implementers -> validators), and a realistic-stream run (32 agents streaming thinking,
 * narration and tool input the way the current models do). Each scenario is a plan plus one script
 * per agent.
 */
import type { Plan, TaskSpec } from '../src/core/plan/plan';
import { realisticWriterScript, validatorScript, writerScript, type AgentScript } from './scripts';

/**
 * Delay the fake waits before every streamed frame of the plain scenarios: each scripted agent's
 * duration is frames x this. 30 ms (about 33 events a second per stream) is near the pace of real
 * Messages API streams; `--delay 10` stresses the engine with turns three times shorter. The
 * realistic-stream scenario keeps its own pace (scripts.ts).
 */
export const DEFAULT_EVENT_DELAY_MS = 30;
/** Prefix of the one stdout line a worker prints with its result. */
export const RESULT_MARKER = 'BENCH_RESULT ';

/**
 * Model of the plain scenarios: an id the model table does not know, so the fake applies the
 * conservative rules (no thinking) and answers with the scripted tool calls alone.
 */
export const PLAIN_MODEL = 'claude-bench';
/** Model of the realistic-stream scenario: requests and answers shaped as the real ones. */
export const REALISTIC_MODEL = 'claude-sonnet-5-5';

export type ScenarioKind = 'independent' | 'dag';

/**
 * `plain`: three short tool-call turns per agent at the server's delay. `realistic`: three turns of a
 * few hundred small deltas each (thinking, narration, tool input), ~20 ms apart.
 */
export type StreamShape = 'plain' | 'realistic';

export interface ScenarioSpec {
  readonly name: string;
  readonly kind: ScenarioKind;
  /** Number of agents in the plan. */
  readonly agents: number;
  readonly maxConcurrency: number;
  /** The model every agent's requests name (the fake checks and shapes per model). */
  readonly model: string;
  readonly stream: StreamShape;
}

export interface BuiltScenario {
  readonly spec: ScenarioSpec;
  readonly plan: Plan;
  readonly scripts: readonly AgentScript[];
}

const AGENT_COUNTS = [1, 4, 8, 16, 32] as const;
const CAPS = [8, 32] as const;

/** 6 implementers between one contract task and two validators. */
const DAG_IMPLEMENTERS = 6;
const DAG_VALIDATORS = 2;

export const REALISTIC_SCENARIO: ScenarioSpec = {
  name: 'realistic-stream-32',
  kind: 'independent',
  agents: 32,
  maxConcurrency: 32,
  model: REALISTIC_MODEL,
  stream: 'realistic',
};

export const SCENARIOS: readonly ScenarioSpec[] = [
  ...CAPS.flatMap((cap) =>
    AGENT_COUNTS.map((n): ScenarioSpec => ({
      name: `independent-${n}-cap${cap}`,
      kind: 'independent',
      agents: n,
      maxConcurrency: cap,
      model: PLAIN_MODEL,
      stream: 'plain',
    })),
  ),
  { name: 'dag-1-6-2-cap8', kind: 'dag', agents: 1 + DAG_IMPLEMENTERS + DAG_VALIDATORS, maxConcurrency: 8, model: PLAIN_MODEL, stream: 'plain' },
  REALISTIC_SCENARIO,
];

export function findScenario(name: string): ScenarioSpec {
  const spec = SCENARIOS.find((s) => s.name === name);
  if (spec === undefined) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  return spec;
}

function task(id: string, phase: TaskSpec['phase'], owns: readonly string[], dependsOn: readonly string[]): TaskSpec {
  return {
    id,
    title: `Bench ${phase} ${id}`,
    phase,
    role: phase === 'validate' ? 'Review' : phase === 'contract' ? 'Types' : 'Component',
    instructions: owns.length > 0 ? `Write ${owns.join(', ')}.` : 'Review the staged changes.',
    owns,
    reads: ['src/shared.ts'],
    dependsOn,
  };
}

function plan(id: string, tasks: readonly TaskSpec[]): Plan {
  return { id, request: 'Benchmark the engine with scripted agents.', route: 'complex', tasks, lint: [] };
}

/**
 * Builds the plan and scripts. `prefix` keeps task ids (and so route matches) apart when a warm-up
 * scenario shares a server with the measured one; `eventDelayMs` overrides every turn's delay.
 */
export function buildScenario(spec: ScenarioSpec, prefix = '', eventDelayMs?: number): BuiltScenario {
  const tasks: TaskSpec[] = [];
  const scripts: AgentScript[] = [];
  const addWriter = (id: string, phase: 'contract' | 'implement', dependsOn: readonly string[], spread = 0) => {
    const owned = `src/${id}.ts`;
    tasks.push(task(id, phase, [owned], dependsOn));
    scripts.push(
      spec.stream === 'realistic' && phase === 'implement'
        ? realisticWriterScript(id, owned, spec.model, spread, eventDelayMs)
        : writerScript(id, phase, owned, spec.model, eventDelayMs),
    );
  };
  if (spec.kind === 'independent') {
    // Thinking lengths spread over the agents in a fixed, shuffled order (13 is prime to the counts used).
    for (let i = 1; i <= spec.agents; i += 1) addWriter(`${prefix}impl-${i}`, 'implement', [], ((i * 13) % spec.agents) / spec.agents);
  } else {
    const contract = `${prefix}contract`;
    addWriter(contract, 'contract', []);
    for (let i = 1; i <= DAG_IMPLEMENTERS; i += 1) addWriter(`${prefix}impl-${i}`, 'implement', [contract]);
    for (let i = 1; i <= DAG_VALIDATORS; i += 1) {
      const id = `${prefix}validate-${i}`;
      tasks.push(task(id, 'validate', [], []));
      scripts.push(validatorScript(id, `src/${prefix}impl-${i}.ts`, spec.model, eventDelayMs));
    }
  }
  return { spec, plan: plan(`bench-${prefix}${spec.name}`, tasks), scripts };
}
