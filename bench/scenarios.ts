/**
 * The benchmark's scenarios: N independent implement agents under a concurrency cap, and a small DAG
 * (contract -> implementers -> validators). Each scenario is a plan plus one script per agent.
 */
import type { Plan, TaskSpec } from '../src/core/plan';
import { validatorScript, writerScript, type AgentScript } from './scripts';

/**
 * Delay the fake waits before every streamed frame: each scripted agent's duration is frames x this. 30 ms (about 33 events a second per stream) is near the pace of
 * real Messages API streams; `--delay 10` stresses the engine with turns three times shorter.
 */
export const DEFAULT_EVENT_DELAY_MS = 30;
/** Prefix of the one stdout line a worker prints with its result. */
export const RESULT_MARKER = 'BENCH_RESULT ';

export type ScenarioKind = 'independent' | 'dag';

export interface ScenarioSpec {
  readonly name: string;
  readonly kind: ScenarioKind;
  /** Number of agents in the plan. */
  readonly agents: number;
  readonly maxConcurrency: number;
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

export const SCENARIOS: readonly ScenarioSpec[] = [
  ...CAPS.flatMap((cap) =>
    AGENT_COUNTS.map((n): ScenarioSpec => ({ name: `independent-${n}-cap${cap}`, kind: 'independent', agents: n, maxConcurrency: cap })),
  ),
  { name: 'dag-1-6-2-cap8', kind: 'dag', agents: 1 + DAG_IMPLEMENTERS + DAG_VALIDATORS, maxConcurrency: 8 },
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
  const addWriter = (id: string, phase: 'contract' | 'implement', dependsOn: readonly string[]) => {
    const owned = `src/${id}.ts`;
    tasks.push(task(id, phase, [owned], dependsOn));
    scripts.push(writerScript(id, phase, owned, eventDelayMs));
  };
  if (spec.kind === 'independent') {
    for (let i = 1; i <= spec.agents; i += 1) addWriter(`${prefix}impl-${i}`, 'implement', []);
  } else {
    const contract = `${prefix}contract`;
    addWriter(contract, 'contract', []);
    for (let i = 1; i <= DAG_IMPLEMENTERS; i += 1) addWriter(`${prefix}impl-${i}`, 'implement', [contract]);
    for (let i = 1; i <= DAG_VALIDATORS; i += 1) {
      const id = `${prefix}validate-${i}`;
      tasks.push(task(id, 'validate', [], []));
      scripts.push(validatorScript(id, `src/${prefix}impl-${i}.ts`, eventDelayMs));
    }
  }
  return { spec, plan: plan(`bench-${prefix}${spec.name}`, tasks), scripts };
}
