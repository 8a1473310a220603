/** Every command Fanout contributes; the manifest declares the same ids. */
export const CommandId = {
  distributeFeature: 'fanout.distributeFeature',
  setApiKey: 'fanout.setApiKey',
  clearApiKey: 'fanout.clearApiKey',
  showLog: 'fanout.showLog',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The sidebar webview view. */
export const SIDEBAR_VIEW_ID = 'fanout.sidebar';
/** The activity bar container holding it. */
export const VIEW_CONTAINER_ID = 'fanout';
