/**
 * Script types for the fake Messages API: what each request gets back.
 *
 * Everything here except the function forms (`TurnFunction`, a predicate `match`) is plain JSON, so the
 * same turns can be written in a script file for the out-of-process server (`test/fake/serve.ts`).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

/** `stop_details.category` of a refusal (SDK 1.14 `RefusalStopDetails`). */
export type RefusalCategory = 'cyber' | 'bio' | 'frontier_llm' | 'reasoning_extraction' | 'general_harms';

export interface TextBlockSpec {
  type: 'text';
  text: string;
}

export interface ToolUseBlockSpec {
  type: 'tool_use';
  /** Defaults to a unique `toolu_fake_…` id. */
  id?: string;
  name: string;
  input: JsonObject;
  /**
   * The `input_json_delta` text a streamed answer sends instead of `input`'s JSON: a model's input that
   * is not valid JSON (fine-grained tool streaming sends parameters unvalidated). A non-streamed answer
   * carries `input`.
   */
  rawInput?: string;
}

/**
 * What the model thought. The fake decides whether the answer carries it, from the request and the
 * model table: dropped when thinking is off, sent with empty text under the `omitted` display, and
 * signed like the real API's blocks.
 */
export interface ThinkingBlockSpec {
  type: 'thinking';
  thinking: string;
}

export type BlockSpec = TextBlockSpec | ToolUseBlockSpec | ThinkingBlockSpec;

/** A refusal's `stop_details`; omitted fields get a `cyber` category and a generic explanation. */
export interface StopDetailsSpec {
  category?: RefusalCategory | null;
  explanation?: string | null;
}

/**
 * Omitted counters default to: input = the model's estimate of the request body (the same figure the
 * context-window check and count_tokens use), output = ceil(content bytes / 4), cache = 0.
 */
export interface UsageSpec {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** The assistant message a turn produces (fully for `message`, partly for the stream faults). */
export interface MessageSpec {
  content: BlockSpec[];
  /** Defaults to `tool_use` when a tool_use block is present, else `end_turn`. */
  stopReason?: StopReason;
  /** Sent as `stop_details` when the stop reason is `refusal` (null otherwise). */
  stopDetails?: StopDetailsSpec;
  usage?: UsageSpec;
  /** Defaults to the request's `model`. */
  model?: string;
  /** Overrides the server's delay before each streamed frame. */
  eventDelayMs?: number;
  /** Overrides the server's text / partial-JSON characters per delta frame. */
  deltaChars?: number;
}

/** A normal 200 response: SSE when the request has `stream: true`, else one JSON Message. */
export interface MessageTurn extends MessageSpec {
  kind: 'message';
}

/**
 * A non-2xx JSON error `{type:'error', error:{type, message}, request_id}`, answered before any body.
 * It uses up its route's cursor position like any other turn: `[429, ok]` answers the first request
 * with 429 and the SDK's own retry with `ok`.
 */
export interface HttpErrorTurn {
  kind: 'httpError';
  status: number;
  /** Defaults from the status: 429 rate_limit_error, 529 overloaded_error, 401 authentication_error, … */
  errorType?: string;
  message?: string;
  /** Sent as `retry-after-ms`. */
  retryAfterMs?: number;
  /** Sent as `retry-after` (seconds). */
  retryAfter?: number;
  /** Sent as `x-should-retry: true|false`, which the SDK obeys over its own status rules. */
  shouldRetry?: boolean;
}

/** Content streamed before a fault; defaults to one text block. */
export type PartialMessageSpec = Partial<MessageSpec>;

/**
 * Streams `afterFrames` frames, then closes the connection without ending the body (the SDK does not
 * retry this). Non-streaming: closes it without answering (the SDK retries that as a connection error).
 */
export interface DropTurn extends PartialMessageSpec {
  kind: 'drop';
  afterFrames: number;
}

/**
 * Sends headers and `afterFrames` frames, then nothing until the client aborts or the server closes.
 * Non-streaming: never answers at all.
 */
export interface StallTurn extends PartialMessageSpec {
  kind: 'stall';
  afterFrames: number;
}

/**
 * Streams `afterFrames` frames, then an `event: error` frame and ends the response. Non-streaming: the
 * same error as an HTTP status (overloaded_error 529, rate_limit_error 429, otherwise 500).
 */
export interface StreamErrorTurn extends PartialMessageSpec {
  kind: 'streamError';
  afterFrames: number;
  /** Defaults to `overloaded_error`. */
  errorType?: string;
  message?: string;
}

export type Turn = MessageTurn | HttpErrorTurn | DropTurn | StallTurn | StreamErrorTurn;

/** A request as the fake saw it; entries are updated in place when the response ends. */
export interface LoggedRequest {
  /** 0-based arrival order across the whole server. */
  readonly seq: number;
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  /** Lower-cased names; repeated headers joined with ', '. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body; null when the body is empty or not a JSON object. */
  readonly body: JsonObject | null;
  readonly bodyBytes: number;
  /** `body.stream === true`. */
  readonly stream: boolean;
  /**
   * What a route's match is tested against: every string inside `system` and `messages` in order (text,
   * thinking text, tool inputs and results, ids; not the values of `role`, `type`, `cache_control`,
   * `signature` or `encrypted_content`), joined by '\n'.
   */
  readonly matchText: string;
  /** Name of the route that answered, null when none did (auth failure, no match, other endpoints). */
  route: string | null;
  /** Index into that route's turns, null when no turn was used. */
  turnIndex: number | null;
  /**
   * `kind` of the turn answered, or the fake's own answer (`rejected` for a request the real API would
   * refuse with 400, `compaction`, `count_tokens`, `unmatched`, `exhausted`, `unauthorized`, …).
   */
  outcome: string;
  /** The 400 message of a `rejected` request. */
  rejection: string | undefined;
  /** Date.now() when the body had been read. */
  readonly receivedAt: number;
  /** HTTP status sent, undefined when no head was written (drop / stall of a non-streaming request). */
  status: number | undefined;
  /** True when the client closed the connection before the response ended. */
  aborted: boolean;
  /** Date.now() when the response ended or the connection closed; undefined while in flight. */
  endedAt: number | undefined;
}

export type TurnFunction = (request: LoggedRequest) => Turn | Promise<Turn>;
export type TurnSource = Turn | TurnFunction;

/** JSON form of a regular expression. */
export interface RegexSpec {
  regex: string;
  flags?: string;
}

/** A string matches as a substring of `matchText`; a RegExp / RegexSpec is tested against it. */
export type RouteMatch = string | RegExp | RegexSpec | ((request: LoggedRequest) => boolean);

/**
 * One agent's script. Routes are tried in order and the first match answers; each route has its own
 * cursor, so the k-th request it matches gets `turns[k]`, whatever other routes saw in between.
 */
export interface Route {
  /** Shown in the log and in errors; defaults to `route<index>`. */
  name?: string;
  match: RouteMatch;
  turns: readonly TurnSource[];
  /**
   * What a request gets once every turn is used. `error` (default): a 500 `api_error` naming the route,
   * with `x-should-retry: false` so the SDK does not retry it. `repeatLast`: the last turn again.
   */
  onExhausted?: 'error' | 'repeatLast';
}

/** A route written in a script file: JSON matches and JSON turns only. */
export interface JsonRoute extends Route {
  match: string | RegexSpec;
  turns: Turn[];
}
