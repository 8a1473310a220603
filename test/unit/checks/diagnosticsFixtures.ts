/** A snapshot and a workspace on disk for the diagnostics parser tests, made once per suite and removed after it. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseDiagnostics, type ParsedDiagnostics, type ParseOptions } from '../../../src/core/checks/diagnostics';

/** Files the snapshot holds (the generic shape and relative stack frames only count files that exist). */
const SNAPSHOT_FILES = [
  'src/api/user.ts',
  'src/sum.js',
  'src/app.mjs',
  'src/sum.test.js',
  'test/sum.test.js',
  'test/sum.test.ts',
  'src/app.py',
  'tests/test_sum.py',
  'main.go',
  'sum_test.go',
  'src/main.rs',
  'app/(group)/page.tsx',
];

export interface DiagnosticsSnapshot {
  /** The temporary folder holding the snapshot and the workspace. */
  base: string;
  snap: string;
  workspace: string;
  /** The snapshot and the workspace as parse options. */
  options: ParseOptions;
  /** Parses the lines, joined, against the snapshot and the workspace, with `extra` options on top. */
  readonly parse: (lines: readonly string[], extra?: Partial<ParseOptions>) => ParsedDiagnostics;
}

/** Registers the hooks that make the snapshot before the suite and remove it after; the fields are set once `before` ran. */
export function useDiagnosticsSnapshot(): DiagnosticsSnapshot {
  const fixture: DiagnosticsSnapshot = {
    base: '',
    snap: '',
    workspace: '',
    options: { snapshotDir: '', workspaceRoot: '' },
    parse: (lines, extra = {}) => parseDiagnostics(lines.join('\n'), { ...fixture.options, ...extra }),
  };

  before(async () => {
    fixture.base = await mkdtemp(join(tmpdir(), 'fanout-diag-'));
    fixture.snap = join(fixture.base, 'snapshot');
    fixture.workspace = join(fixture.base, 'workspace');
    await mkdir(fixture.workspace, { recursive: true });
    for (const file of SNAPSHOT_FILES) {
      await mkdir(dirname(join(fixture.snap, file)), { recursive: true });
      await writeFile(join(fixture.snap, file), '// x\n');
    }
    fixture.options = { snapshotDir: fixture.snap, workspaceRoot: fixture.workspace };
  });
  after(async () => {
    await rm(fixture.base, { recursive: true, force: true });
  });

  return fixture;
}
