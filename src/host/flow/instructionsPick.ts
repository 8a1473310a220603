/**
 * Plan review's "Choose what goes in…" for project instruction files the default cut loses content
 * of (CLAUDE.md, AGENTS.md, .github/copilot-instructions.md past 8,000 bytes).
 *
 * The proposal carries the cut files with their sections (`ProposedRun.instructions`, what
 * `PlanReview.instructions` shows): `withInstructionChoices` lists them once planning answered, and
 * `withInstructionSections` applies the user's choice: the shared context gets exactly the chosen
 * sections of each file (the repo map part is kept byte for byte), the estimate is made again with
 * the new prefix size, the plan is linted again (its `context-instructions-cut` finding then says
 * what the selection keeps), and the listed sections show the choice. `instructionPicksOf` gives
 * the choice back for later re-lints. The choice lasts for this proposal only. No `vscode` import.
 *
 * The selection comes from the webview: only files the proposal lists as cut, and ids those files
 * have, are taken; anything else in it is ignored.
 */
import type { Plan, PlanFinding } from '../../core/plan/plan';
import { repoMapPart, sharedPrefixBytes, withInstructionsText } from '../../core/planning/contextShare';
import { estimatePlanCost } from '../../core/planning/estimate';
import { instructionFileChoices, readProjectInstructions } from '../../core/planning/instructions';
import { utf8Bytes } from '../../core/planning/instructionSections';
import { lintPlan } from '../../core/planning/lint/lintPlan';
import { needsApproval, type ProposedRun } from '../../core/planning/propose';
import type { InstructionFileChoice, InstructionSectionPicks } from '../../core/planning/types';
import { lintOptionsFrom } from '../../core/run/runSettings';
import type { InstructionsSelection } from '../../protocol/messages';
import type { ProposalUnderReview } from './flowState';

/** Findings planning adds beyond lint (notes on Claude Code subagents): kept, since the plan does not change. */
const PLANNING_FINDING = /^claude-agent-/;

/**
 * Planning's own findings that still apply to `plan` after an edit: those whose tasks are all still in
 * it (lint recomputes the rest; these come from the subagent files, which an edit does not change).
 */
export function planningFindingsFor(findings: readonly PlanFinding[], plan: Plan): PlanFinding[] {
  const ids = new Set(plan.tasks.map((t) => t.id));
  return findings.filter((f) => PLANNING_FINDING.test(f.code) && (f.tasks ?? []).every((id) => ids.has(id)));
}

/** The sections the user chose, per file, from a proposal's listed files; undefined while none was chosen. */
export function instructionPicksOf(choices: readonly InstructionFileChoice[] | undefined): InstructionSectionPicks | undefined {
  const picked = (choices ?? []).filter((file) => file.picked);
  if (picked.length === 0) return undefined;
  return Object.fromEntries(picked.map((file) => [file.path, file.sections.filter((s) => s.selected).map((s) => s.id)]));
}

/** The proposal with its cut instruction files listed (none chosen yet), for `PlanReview.instructions`. */
export async function withInstructionChoices(pending: ProposalUnderReview, workspaceRoot: string): Promise<ProposalUnderReview> {
  const instructions = await instructionFileChoices(workspaceRoot, instructionPicksOf(pending.proposal.instructions));
  return { ...pending, proposal: { ...pending.proposal, instructions } };
}

/** The current picks with the selection's files replaced: listed files only, known ids only, each once. */
function mergedPicks(listed: readonly InstructionFileChoice[], selection: InstructionsSelection): InstructionSectionPicks {
  const picks = new Map<string, readonly string[]>(Object.entries(instructionPicksOf(listed) ?? {}));
  for (const entry of selection) {
    const file = listed.find((f) => f.path === entry.path);
    if (file === undefined) continue;
    const wanted = new Set(entry.sections);
    picks.set(
      file.path,
      file.sections.filter((s) => wanted.has(s.id)).map((s) => s.id),
    );
  }
  return Object.fromEntries(picks);
}

/**
 * The proposal under review with the chosen sections of its cut instruction files in its shared
 * context, estimated, linted and listed again. Throws the signal's reason when it is aborted.
 */
export async function withInstructionSections(
  pending: ProposalUnderReview,
  workspaceRoot: string,
  selection: InstructionsSelection,
  signal?: AbortSignal,
): Promise<ProposalUnderReview> {
  const listed = pending.proposal.instructions ?? (await instructionFileChoices(workspaceRoot));
  signal?.throwIfAborted();
  const picks = mergedPicks(listed, selection);
  const instructions = await readProjectInstructions(workspaceRoot, { sections: picks });
  signal?.throwIfAborted();
  const choices = await instructionFileChoices(workspaceRoot, picks);
  signal?.throwIfAborted();
  const sharedContext = withInstructionsText(pending.proposal.sharedContext, instructions);
  return { ...pending, proposal: relinted(pending, workspaceRoot, sharedContext, choices, picks) };
}

function relinted(
  pending: ProposalUnderReview,
  workspaceRoot: string,
  sharedContext: string,
  instructions: readonly InstructionFileChoice[],
  picks: InstructionSectionPicks,
): ProposedRun {
  const { proposal, settings } = pending;
  const plan = proposal.plan;
  const map = repoMapPart(sharedContext);
  // The map's own bytes, without its heading line: what planning counts with each task model's tokenizer.
  const repoMapBytes = map === '' ? 0 : utf8Bytes(map.slice(map.indexOf('\n') + 1));
  const options = lintOptionsFrom(settings, workspaceRoot, picks);
  const estimate = estimatePlanCost(plan, {
    prices: options.prices,
    models: options.models,
    modelTable: settings.modelTable,
    repoMapBytes,
    sharedPrefixBytes: Math.max(0, sharedPrefixBytes(plan, sharedContext) - repoMapBytes),
  });
  const findings = [...lintPlan(plan, options, estimate), ...proposal.findings.filter((f) => PLANNING_FINDING.test(f.code))];
  return {
    ...proposal,
    plan: { ...plan, lint: findings },
    findings,
    estimate,
    needsApproval: needsApproval(estimate, settings.budgets.maxCostUsdPerRun),
    sharedContext,
    instructions,
  };
}
