/**
 * The rules of Fanout's request composer, apart from its markup: when Distribute is blocked and
 * why, what the submitted request contains, and how patterns and routes are offered. The context
 * chip is the host's: it appends that context to the request itself.
 *
 * The pattern pick is kept in `UiState.pattern`: a pattern name the user picked, `PLANNER_PICKED`
 * when they picked "Let the planner choose" themselves, or '' while they have picked nothing. Only
 * then does the composer suggest the workflow of the project's CLAUDE.md (`selectedPattern`).
 */
import type { PatternChoice, WebviewToHost, WorkspaceStatus } from '../../src/protocol/messages';
import type { RouteChoice, UiState } from '../uiState';

/** The host refuses requests and drafts longer than this (the protocol schema's bound). */
export const MAX_REQUEST_CHARS = 20_000;

export interface ComposerProps {
  readonly draft: string;
  /** The context chip ("Selection from src/x.ts:10-20"), when the request came with one. */
  readonly context: string | undefined;
  /** The user removed the context chip (the composer has already told the host). */
  readonly onRemoveContext: () => void;
  readonly workspace: WorkspaceStatus;
  readonly demoMode: boolean;
  readonly patterns: readonly PatternChoice[];
  readonly ui: UiState;
  readonly onUi: (patch: Partial<UiState>) => void;
  /** Bumped by the host's focus requests; the textarea takes focus when it changes. */
  readonly focusRequests: number;
  readonly post: (message: WebviewToHost) => void;
  /** "Ctrl+Enter" or "⌘Enter", for the hint. */
  readonly submitKeys: string;
}

/** Why Distribute cannot run now, or undefined when it can. Workspace problems come first: they need a different action. */
export function composerBlocker(text: string, workspace: WorkspaceStatus): string | undefined {
  if (workspace.kind === 'none') {
    return 'Open a folder first: agents work on the files of a workspace.';
  }
  if (workspace.kind === 'untrusted') {
    return `Trust “${workspace.name}” first: Restricted Mode keeps agents from reading and staging files.`;
  }
  if (text.trim().length === 0) {
    return 'Describe the feature you want first.';
  }
  const { length } = text.trim();
  if (length > MAX_REQUEST_CHARS) {
    return `The request is ${(length - MAX_REQUEST_CHARS).toLocaleString('en-US')} characters over the ${MAX_REQUEST_CHARS.toLocaleString('en-US')} limit.`;
  }
  return undefined;
}

/** `UiState.pattern` when the user picked "Let the planner choose" themselves ('' means no pick yet). */
export const PLANNER_PICKED = '~planner';

/** The pattern the composer shows selected. */
export interface PatternSelection {
  /** A pattern's name, or '' when the planner chooses. */
  readonly name: string;
  /** True when the composer chose it (the project's CLAUDE.md workflow), not the user. */
  readonly suggested: boolean;
}

/**
 * The pattern selected for the user's pick (`UiState.pattern`): their pick while it exists; with no
 * pick (or a pick that no longer exists), the pattern read from the project's CLAUDE.md when there
 * is one, else the planner. An explicit "Let the planner choose" is never replaced.
 */
export function selectedPattern(picked: string, patterns: readonly PatternChoice[]): PatternSelection {
  if (picked === PLANNER_PICKED) return { name: '', suggested: false };
  if (picked !== '' && patterns.some((p) => p.name === picked)) return { name: picked, suggested: false };
  const claudeMd = patterns.find((p) => p.source === 'claude-md');
  return claudeMd ? { name: claudeMd.name, suggested: true } : { name: '', suggested: false };
}

/** What `UiState.pattern` records for a choice in the picker ('' is "Let the planner choose"). */
export function patternPick(choice: string): string {
  return choice === '' ? PLANNER_PICKED : choice;
}

/** How the planner works when no pattern is picked, for the picker's help. */
export const PLANNER_CHOOSES =
  'The planner splits the request into roles itself, from the request, the repository map and your project instructions, without a pattern.';

/** Why a suggested pattern is selected, for the picker's help. */
export const SUGGESTED_BECAUSE = 'Selected because your CLAUDE.md describes this workflow. Pick another pattern, or “Let the planner choose”, to change it.';

/** The submitRequest message for the composer's text and current picks (a pattern that no longer exists is left out). */
export function submitMessage(text: string, ui: UiState, patterns: readonly PatternChoice[]): WebviewToHost {
  const pattern = selectedPattern(ui.pattern, patterns).name || undefined;
  return {
    type: 'submitRequest',
    request: text.trim(),
    ...(pattern ? { pattern } : {}),
    ...(ui.route !== 'auto' ? { route: ui.route } : {}),
  };
}

const SOURCE_LABEL: Readonly<Record<PatternChoice['source'], string>> = {
  builtin: 'Built-in',
  workspace: 'This workspace',
  'claude-md': 'From CLAUDE.md',
  'claude-agents': 'Claude Code agents',
};
const SOURCE_ORDER: readonly PatternChoice['source'][] = ['builtin', 'workspace', 'claude-md', 'claude-agents'];

/** Patterns grouped by where they come from, in a stable order; empty groups are left out. */
export function patternGroups(patterns: readonly PatternChoice[]): readonly { readonly label: string; readonly patterns: readonly PatternChoice[] }[] {
  return SOURCE_ORDER.map((source) => ({ label: SOURCE_LABEL[source], patterns: patterns.filter((p) => p.source === source) })).filter(
    (g) => g.patterns.length > 0,
  );
}

export const ROUTE_CHOICES: readonly { readonly value: RouteChoice; readonly label: string; readonly help: string }[] = [
  { value: 'auto', label: 'Auto', help: 'A quick model call picks the route from the request.' },
  { value: 'trivial', label: 'Trivial', help: 'One specialist agent, no planning.' },
  { value: 'moderate', label: 'Moderate', help: 'One agent that owns the files it names.' },
  { value: 'complex', label: 'Complex', help: 'A planned team: contract first, parallel implementers, then validators.' },
];
