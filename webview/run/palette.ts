/**
 * A stable colour per task, from its index in the plan, so one agent has the same colour on its
 * card, its timeline bar and every file it owns. Colours are VS Code's chart colours (themed,
 * including high contrast) with their dark-theme defaults as fallbacks; past six tasks the colours
 * repeat with a different swatch shape so 32 agents stay distinguishable.
 */

export const CHART_COLORS: readonly string[] = [
  'var(--vscode-charts-blue, #3794ff)',
  'var(--vscode-charts-green, #89d185)',
  'var(--vscode-charts-orange, #d18616)',
  'var(--vscode-charts-purple, #b180d7)',
  'var(--vscode-charts-yellow, #cca700)',
  'var(--vscode-charts-red, #f14c4c)',
];

export type SwatchShape = 'solid' | 'ring' | 'split';

export interface OwnerColor {
  readonly color: string;
  readonly shape: SwatchShape;
}

const SHAPES: readonly SwatchShape[] = ['solid', 'ring', 'split'];

/** Colour and swatch shape for the task at `index` (its position in the plan). */
export function ownerColor(index: number): OwnerColor {
  const i = Math.max(0, Math.floor(index));
  return {
    color: CHART_COLORS[i % CHART_COLORS.length],
    shape: SHAPES[Math.floor(i / CHART_COLORS.length) % SHAPES.length],
  };
}

/** A neutral colour for paths no task owns (a denied write outside every `owns`). */
export const UNOWNED: OwnerColor = { color: 'var(--vscode-disabledForeground, #888888)', shape: 'ring' };
