/**
 * The rules of Fanout's request composer, apart from its markup: when Distribute is blocked and
 * why, what the submitted request contains, and how patterns and routes are offered. The context
 * chip is the host's: it appends that context to the request itself.
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

/** The submitRequest message for the composer's text and current picks (a pattern that no longer exists is left out). */
export function submitMessage(text: string, ui: UiState, patterns: readonly PatternChoice[]): WebviewToHost {
  const pattern = patterns.some((p) => p.name === ui.pattern) ? ui.pattern : undefined;
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
