/**
 * The strict fake's gate: a request the real Messages API would refuse for this model gets the same
 * 400 `invalid_request_error` here, before any script sees it. Rules come from the model table
 * (src/core/model/) and each rule family's file cites the page it follows.
 */
import type { ModelTable } from '../../core/model/modelTable';
import type { JsonObject } from '../script';
import type { ThinkingBinding } from './binding';
import { checkCompactionBlocks, checkCompactionRequest } from './compaction';
import { checkContextWindow } from './contextWindow';
import { checkBlocks, checkFirstMessage, checkSystem } from './messageContent';
import { checkOutputFormat, checkStrictTools } from './outputSchema';
import { firstRejection, isRejection, type RequestRejection } from './rejection';
import { checkMaxTokens, checkPrefill, checkSampling, checkToolChoice, checkToolNames } from './requestParams';
import { buildView, modelOf, type RequestView } from './requestView';
import { checkDroppedThinking, checkThinkingSignatures } from './thinkingBlocks';
import { checkEffort, checkThinking } from './thinkingConfig';
import { checkToolPairing } from './toolPairing';

export type { RequestRejection } from './rejection';

export interface CheckState {
  /** The server's signing key and what it issued: thinking and compaction blocks are checked against it. */
  readonly binding: ThinkingBinding;
  /** Size of the body as received; defaults to its JSON length. */
  readonly bodyBytes?: number;
}

function viewOf(body: JsonObject, table: ModelTable, headers: Readonly<Record<string, string>>, state: CheckState): RequestView | RequestRejection {
  const model = modelOf(body);
  if (isRejection(model)) return model;
  return buildView(body, model, table, headers, state.bodyBytes ?? Buffer.byteLength(JSON.stringify(body)));
}

/** `POST /v1/messages`: null when the request is one the model accepts. */
export function checkMessagesRequest(
  body: JsonObject,
  table: ModelTable,
  headers: Readonly<Record<string, string>>,
  state: CheckState,
): RequestRejection | null {
  const view = viewOf(body, table, headers, state);
  if (isRejection(view)) return view;
  return firstRejection([
    () => checkMaxTokens(view),
    () => checkSystem(view),
    () => checkBlocks(view),
    () => checkFirstMessage(view),
    () => checkToolNames(view),
    () => checkToolChoice(view),
    () => checkSampling(view),
    () => checkEffort(view),
    () => checkThinking(view),
    () => checkOutputFormat(view),
    () => checkStrictTools(view),
    () => checkCompactionRequest(view),
    () => checkCompactionBlocks(view, state.binding),
    () => checkPrefill(view),
    () => checkToolPairing(view.messages),
    () => checkThinkingSignatures(view, state.binding),
    () => checkDroppedThinking(view, state.binding),
    () => checkContextWindow(view),
  ]);
}

/**
 * `POST /v1/messages/count_tokens`: the docs name two checks it shares with message creation, the
 * forced tool choice (https://platform.claude.com/docs/en/models/opus-5-5/whats-new-opus-5-5: "the same
 * validation applies to the token counting endpoint") and the thinking prefix check
 * (https://platform.claude.com/docs/en/build-with-claude/thinking: "The token counting endpoint returns
 * the same 400"). `max_tokens` is not required there.
 */
export function checkCountTokensRequest(
  body: JsonObject,
  table: ModelTable,
  headers: Readonly<Record<string, string>>,
  state: CheckState,
): RequestRejection | null {
  const view = viewOf(body, table, headers, state);
  if (isRejection(view)) return view;
  return firstRejection([() => checkBlocks(view), () => checkToolChoice(view), () => checkThinkingSignatures(view, state.binding)]);
}
