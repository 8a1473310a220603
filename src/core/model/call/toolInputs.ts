/**
 * Tool inputs that are not valid JSON. The model streams a tool_use's input as `input_json_delta`
 * pieces; the SDK's MessageStream (1.14) parses them when the block ends (`content_block_stop`
 * reads the block's lazy `input`, which runs its partial-JSON parser) and, for text that is not
 * JSON and not merely cut short, that parse throws a SyntaxError. The stream then stops reading and
 * `finalMessage()` rejects with an AnthropicError whose `cause` is that SyntaxError: the whole answer
 * is lost, and the failure looks like a broken connection.
 *
 * The guard keeps the answer: on each input delta it wraps the block's `input` getter so that a
 * parse failure is recorded (tool_use id, the parser's message, the start of the raw text, its size)
 * and the input reads as `{}`; the stream goes on to its end with every block and the usage. The
 * agent answers such a call with a tool error instead of running it.
 */

/** Characters of a bad input kept for the error and the history (the rest is counted, not kept). */
export const INVALID_INPUT_EXCERPT_CHARS = 2_000;

export interface InvalidToolInput {
  readonly id: string;
  readonly name: string;
  /** The JSON parser's message. */
  readonly error: string;
  /** The start of the raw input text, at most INVALID_INPUT_EXCERPT_CHARS characters. */
  readonly excerpt: string;
  /** Length of the raw input text in characters. */
  readonly chars: number;
}

interface Streaming {
  readonly id: string;
  readonly name: string;
  excerpt: string;
  chars: number;
}

type Getter = (this: object) => unknown;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class ToolInputGuard {
  readonly #streaming = new Map<number, Streaming>();
  readonly #invalid = new Map<string, InvalidToolInput>();
  readonly #wrapped = new WeakSet();

  /** Tool calls whose input did not parse, by tool_use id (empty for a normal answer). */
  get invalid(): ReadonlyMap<string, InvalidToolInput> {
    return this.#invalid;
  }

  /** Called for every stream event, after the SDK folded it into `snapshot`. */
  observe(event: unknown, snapshot: { readonly content: readonly unknown[] }): void {
    if (!isRecord(event) || typeof event.index !== 'number') return;
    const index = event.index;
    if (event.type === 'content_block_start') {
      const block = event.content_block;
      if (isRecord(block) && block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
        this.#streaming.set(index, { id: block.id, name: block.name, excerpt: '', chars: 0 });
      }
      return;
    }
    if (event.type !== 'content_block_delta' || !isRecord(event.delta) || event.delta.type !== 'input_json_delta') return;
    const call = this.#streaming.get(index);
    const piece = event.delta.partial_json;
    if (call === undefined || typeof piece !== 'string') return;
    if (call.excerpt.length < INVALID_INPUT_EXCERPT_CHARS) call.excerpt += piece.slice(0, INVALID_INPUT_EXCERPT_CHARS - call.excerpt.length);
    call.chars += piece.length;
    const block = snapshot.content[index];
    if (isRecord(block)) this.#wrap(block, call);
  }

  /** Makes the block's lazy input read as `{}` (and be recorded) when it does not parse. */
  #wrap(block: Record<string, unknown>, call: Streaming): void {
    if (this.#wrapped.has(block)) return;
    const descriptor = Object.getOwnPropertyDescriptor(block, 'input');
    // Called below with its own block as `this`, as the SDK would call it.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const parse: Getter | undefined = descriptor?.get;
    if (parse === undefined || descriptor?.configurable !== true) return;
    this.#wrapped.add(block);
    const invalid = this.#invalid;
    Object.defineProperty(block, 'input', {
      enumerable: descriptor.enumerable ?? true,
      configurable: true,
      get(): unknown {
        try {
          const input = parse.call(block);
          invalid.delete(call.id);
          return input;
        } catch (error) {
          invalid.set(call.id, {
            id: call.id,
            name: call.name,
            error: error instanceof Error ? error.message : String(error),
            excerpt: call.excerpt,
            chars: call.chars,
          });
          return {};
        }
      },
    });
  }
}
