// Every VS Code workbench selector the UI tests rely on. These are internals of VS Code 1.100
// (code-server 4.100.3): when an upgrade breaks a test, this is the one file to update.

/** The workbench root, present once the shell has rendered. */
export const WORKBENCH = '.monaco-workbench';
/** The activity bar (left edge). */
export const ACTIVITY_BAR = '.part.activitybar';
/** Fanout's item in the activity bar; its aria-label starts with the container title. */
export const FANOUT_ACTIVITY_ITEM = '.part.activitybar .action-label[aria-label^="Fanout"]';
/** The side bar part and its title, which shows the active view container's name. */
export const SIDEBAR = '.part.sidebar';
export const SIDEBAR_TITLE = '.part.sidebar .composite.title';
/** A pane header in the side bar by its view name. */
export const paneHeader = (viewName: string): string => `.part.sidebar .pane-header[aria-label^="${viewName}"]`;
/** The status bar, the last part to fill in once extensions have activated. */
export const STATUS_BAR = '.part.statusbar';

/** The command palette / quick pick widget, its input and its rows. */
export const QUICK_INPUT = '.quick-input-widget';
export const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';
export const QUICK_INPUT_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';
/** A row whose label contains the given text. */
export const quickInputRow = (label: string): string => `${QUICK_INPUT_ROWS}:has-text("${label}")`;

/** Notification toasts (bottom right). */
export const NOTIFICATION_TOAST = '.notification-toast';

/** The webview's outer iframe in the workbench; the content is one more iframe inside it. */
export const WEBVIEW_OUTER_FRAME = 'iframe.webview';
/** The content frame VS Code loads inside the outer webview frame. */
export const WEBVIEW_ACTIVE_FRAME = 'iframe#active-frame';

/** Keys that open the command palette (F1 works in every keymap and browser). */
export const COMMAND_PALETTE_KEY = 'F1';
