// Every VS Code workbench selector Fanout's UI tests rely on. These are internals of VS Code 1.100
// (code-server 4.100.3): when an upgrade breaks a test, this is the one file to update.
// `:has-text()` and `:text-matches()` are Playwright extensions to CSS.

/** The workbench root, present once the shell has rendered. */
export const WORKBENCH = '.monaco-workbench';

/** The activity bar (left edge) and an item in it by the start of its label ("Explorer", "Fanout"). */
export const ACTIVITY_BAR = '.part.activitybar';
export const activityItem = (label: string): string => `${ACTIVITY_BAR} .action-label[aria-label^="${label}"]`;
/** Fanout's activity bar item, and the same item while its container is the one shown. */
export const FANOUT_ACTIVITY_ITEM = activityItem('Fanout');
export const FANOUT_ACTIVITY_ITEM_ACTIVE = `${ACTIVITY_BAR} .action-item.checked .action-label[aria-label^="Fanout"]`;

/** The side bar, and the vertical sashes that resize the workbench's parts (one sits on its right edge). */
export const SIDEBAR = '.part.sidebar';
export const VERTICAL_SASH = '.monaco-sash.vertical';

/** Status bar entries (an extension's item shows its text, e.g. "Fanout: 3 running · 1/5 done"). */
export const STATUS_BAR_ITEM = '.part.statusbar .statusbar-item';

/** The side bar title while the named container (or its single view) is shown, e.g. "Fanout: Agents". */
export const SIDEBAR_TITLE = '.part.sidebar .composite.title';
export const sidebarTitle = (startsWith: string): string => `${SIDEBAR_TITLE} h2:text-matches("^${startsWith}", "i")`;

/** Keys that open the command palette (F1 works in every keymap and browser). */
export const COMMAND_PALETTE_KEY = 'F1';
/** The command palette / quick pick widget, its rows, the highlighted row, a row by its label. */
export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
export const QUICK_INPUT_FOCUSED_ROW = `${QUICK_INPUT_ROWS}.focused`;
export const quickInputRow = (label: string): string => `${QUICK_INPUT_ROWS}:has-text("${label}")`;
/** The colour theme picker ("Preferences: Color Theme") once it has replaced the command palette. */
export const COLOR_THEME_PICKER = `${QUICK_INPUT} input[placeholder*="Color Theme"]`;
/** The description part of a quick pick row (a colour theme's setting id, e.g. "Default Dark Modern"). */
export const QUICK_INPUT_ROW_DESCRIPTION = '.label-description';

/** Notification toasts (bottom right). */
export const NOTIFICATION_TOAST = '.notification-toast';

/**
 * Webviews: an outer `iframe.webview` in the workbench loads VS Code's host page, which puts the
 * extension's document in one more iframe. Tests search `page.frames()` for content instead of
 * walking these (see findFrameWith in browser.ts).
 */
export const WEBVIEW_OUTER_FRAME = 'iframe.webview';

/** The Source Control view, its rows (resource groups and resources) and a row by its text. */
export const SCM_VIEW = '.part.sidebar .scm-view';
export const SCM_ROWS = `${SCM_VIEW} .monaco-list-row`;
export const scmRow = (text: string): string => `${SCM_ROWS}:has-text("${text}")`;
/** An inline action of an SCM row, by its title ("Accept File"); it shows while the row is hovered. */
export const scmRowAction = (text: string, title: string): string => `${scmRow(text)} .actions .action-label[aria-label="${title}"]`;

/** The side-by-side diff editor and the multi-file changes editor in the editor area. */
export const DIFF_EDITOR = '.part.editor .monaco-diff-editor';
export const MULTI_DIFF_EDITOR = '.part.editor .multiDiffEditor';
/** The active editor tab. */
export const ACTIVE_TAB = '.part.editor .tabs-container .tab.active';

/** A row of the Explorer's file tree by its text. */
export const explorerRow = (text: string): string => `.part.sidebar .explorer-folders-view .monaco-list-row:has-text("${text}")`;
