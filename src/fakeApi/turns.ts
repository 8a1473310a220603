/** Small builders for script turns, so tests read as the conversation they script. */
import type {
  BlockSpec,
  DropTurn,
  HttpErrorTurn,
  JsonObject,
  MessageSpec,
  MessageTurn,
  PartialMessageSpec,
  StallTurn,
  StreamErrorTurn,
  TextBlockSpec,
  ThinkingBlockSpec,
  ToolUseBlockSpec,
} from './script';

export function text(value: string): TextBlockSpec {
  return { type: 'text', text: value };
}

/** The model's thinking; only summarized displays show the text (see `ThinkingBlockSpec`). */
export function thinking(value: string): ThinkingBlockSpec {
  return { type: 'thinking', thinking: value };
}

export function toolUse(name: string, input: JsonObject, id?: string): ToolUseBlockSpec {
  return id === undefined ? { type: 'tool_use', name, input } : { type: 'tool_use', id, name, input };
}

/** A normal answer; strings become text blocks. */
export function reply(content: ReadonlyArray<BlockSpec | string>, options: Omit<MessageSpec, 'content'> = {}): MessageTurn {
  return { kind: 'message', ...options, content: content.map((block) => (typeof block === 'string' ? text(block) : block)) };
}

export function httpError(status: number, options: Omit<HttpErrorTurn, 'kind' | 'status'> = {}): HttpErrorTurn {
  return { kind: 'httpError', status, ...options };
}

export function dropAfter(afterFrames: number, message: PartialMessageSpec = {}): DropTurn {
  return { kind: 'drop', ...message, afterFrames };
}

export function stallAfter(afterFrames: number, message: PartialMessageSpec = {}): StallTurn {
  return { kind: 'stall', ...message, afterFrames };
}

export function streamErrorAfter(afterFrames: number, options: Omit<StreamErrorTurn, 'kind' | 'afterFrames'> = {}): StreamErrorTurn {
  return { kind: 'streamError', ...options, afterFrames };
}
