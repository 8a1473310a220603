/** Every command Fanout contributes; the manifest declares the same ids. */
export const CommandId = {
  distributeFeature: 'fanout.distributeFeature',
  distributeReview: 'fanout.distributeReview',
  distributeResearch: 'fanout.distributeResearch',
  openInEditor: 'fanout.openInEditor',
  setApiKey: 'fanout.setApiKey',
  clearApiKey: 'fanout.clearApiKey',
  showLog: 'fanout.showLog',
  resumeInterruptedRun: 'fanout.resumeInterruptedRun',
  reviewRunFromFolder: 'fanout.reviewRunFromFolder',
  discardInterruptedRun: 'fanout.discardInterruptedRun',
  tryDemo: 'fanout.tryDemo',
  // Review of staged changes. Each takes the SCM item it is invoked on, or plain arguments
  // `{ runId, taskId?, path?, confirmed? }` (see ReviewTarget) so other views can call them.
  reviewAcceptFile: 'fanout.review.acceptFile',
  reviewDiscardFile: 'fanout.review.discardFile',
  reviewAcceptAgent: 'fanout.review.acceptAgent',
  reviewDiscardAgent: 'fanout.review.discardAgent',
  reviewAcceptAll: 'fanout.review.acceptAll',
  reviewDiscardAll: 'fanout.review.discardAll',
  reviewOpenAgentChanges: 'fanout.review.openAgentChanges',
  reviewOpenDiff: 'fanout.review.openDiff',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The sidebar webview view. */
export const SIDEBAR_VIEW_ID = 'fanout.sidebar';
/** The activity bar container holding it. */
export const VIEW_CONTAINER_ID = 'fanout';
/** Context key: true while some staged change waits for review (shows Accept/Discard All in the palette). */
export const REVIEW_HAS_CHANGES_CONTEXT = 'fanout.review.hasChanges';
