/**
 * Shared setup of the check-phase tests against the whole engine: scripted agent replies, the
 * `node --test` fixture project, the checks config, and a scratch folder and harness per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reply, toolUse } from '../../fake/messagesServer';
import type { Harness } from '../engine/harness';
import type { ChecksConfig } from '../../../src/core/checks/checkTypes';
import type { RunEvent, RunEventOf } from '../../../src/core/run/events';
import { writeChecksFixture } from '../../support/checksFixture';

export const write = (path: string, content: string) => reply([toolUse('write_file', { path, content })]);
export const finish = (summary = 'done') => reply([toolUse('finish', { summary })]);

export function fixture(h: Harness): void {
  writeChecksFixture((path, content) => h.write(path, content));
}

export function checksConfig(scratchRoot: string, overrides: Partial<ChecksConfig> = {}): ChecksConfig {
  return {
    checks: [{ id: 'test', command: 'node --test', source: 'cli' }],
    fixRounds: 2,
    timeoutMs: 60_000,
    maxOutputBytes: 1024 * 1024,
    concurrency: 1,
    scratchRoot,
    ...overrides,
  };
}

export function ofKind<K extends RunEvent['kind']>(events: readonly RunEvent[], kind: K): RunEventOf<K>[] {
  return events.filter((e): e is RunEventOf<K> => e.kind === kind);
}

export interface CheckPhaseRun {
  /** The harness a test made; disposed after it. */
  h: Harness | undefined;
  /** A fresh folder per test for snapshots and markers; removed after it. */
  scratch: string;
}

/** Registers the hooks that give each test a scratch folder and dispose its harness after it. */
export function useCheckPhaseRun(): CheckPhaseRun {
  const ctx: CheckPhaseRun = { h: undefined, scratch: '' };
  beforeEach(() => {
    ctx.scratch = mkdtempSync(join(tmpdir(), 'fanout-scratch-'));
  });
  afterEach(async () => {
    await ctx.h?.dispose();
    ctx.h = undefined;
    rmSync(ctx.scratch, { recursive: true, force: true });
  });
  return ctx;
}
