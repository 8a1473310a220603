/**
 * Bounds on what an agent puts in the run log, whatever the model sends. Every event is a line of
 * the log, a message to the webview and a part of every replay, so none may carry megabytes.
 *
 * - A finish summary: MAX_SUMMARY_BYTES (16 KiB). A summary is a few sentences (what was done, what is
 *   left); dependents read it in their opening message and the sidebar shows it. A longer one keeps
 *   its start and a visible note with its whole size.
 * - Streamed text, per `agent.text` event: MAX_TEXT_EVENT_CHARS (64 Ki characters). Pieces cover a
 *   quarter second of stream (TEXT_FLUSH_MS), a few hundred characters at the speed models write; a
 *   larger piece (a proxy that buffers, a huge delta) is split into several events.
 * - Streamed text, per agent: MAX_AGENT_TEXT_CHARS (2 Mi characters), thinking included. The default
 *   agent budget (400,000 tokens) allows about 1.6 MB of output in all, so only an agent without a
 *   token budget reaches it; the card shows the last few hundred characters anyway. Past it, one
 *   note says so and the rest of the agent's text is not logged.
 */
export const MAX_SUMMARY_BYTES = 16 * 1024;
export const MAX_TEXT_EVENT_CHARS = 64 * 1024;
export const MAX_AGENT_TEXT_CHARS = 2 * 1024 * 1024;

/** `summary`, cut to MAX_SUMMARY_BYTES of UTF-8 (on a character boundary) with a note of its whole size when longer. */
export function capSummary(summary: string, maxBytes = MAX_SUMMARY_BYTES): string {
  // A UTF-16 unit is at most 3 bytes of UTF-8: short enough summaries need no count.
  if (summary.length * 3 <= maxBytes) return summary;
  const bytes = Buffer.from(summary, 'utf8');
  if (bytes.length <= maxBytes) return summary;
  let end = maxBytes;
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1; // not inside a character
  return `${bytes.subarray(0, end).toString('utf8')}… (truncated, ${bytes.length.toLocaleString('en-US')} bytes)`;
}

export type TextSource = 'text' | 'thinking';

/** One agent's streamed text on its way to `agent.text` events: split into bounded events, and stopped at the agent's cap. */
export class AgentTextLog {
  #logged = 0;
  #stopped = false;

  constructor(
    private readonly emit: (text: string, source: TextSource) => void,
    private readonly maxEventChars = MAX_TEXT_EVENT_CHARS,
    private readonly maxAgentChars = MAX_AGENT_TEXT_CHARS,
  ) {}

  /** Characters logged so far. */
  get logged(): number {
    return this.#logged;
  }

  add(text: string, source: TextSource): void {
    if (this.#stopped || text === '') return;
    const room = this.maxAgentChars - this.#logged;
    const kept = text.length <= room ? text : text.slice(0, boundary(text, room));
    for (let start = 0; start < kept.length;) {
      const end = start + this.maxEventChars >= kept.length ? kept.length : boundary(kept, start + this.maxEventChars);
      this.emit(kept.slice(start, end), source);
      start = end;
    }
    this.#logged += kept.length;
    if (kept.length < text.length) {
      this.#stopped = true;
      const mib = (this.maxAgentChars / (1024 * 1024)).toFixed(0);
      this.emit(`\n… (the rest of this agent's text is not logged: it reached ${mib} Mi characters)`, 'text');
    }
  }
}

/** `at`, moved back one unit when it would split a surrogate pair. */
function boundary(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return at > 1 && code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
