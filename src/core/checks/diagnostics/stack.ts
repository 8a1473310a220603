/**
 * Stack traces (Node, Jest, Vitest, Mocha): the first frame of a stack that is a file of the project
 * gets the error line and the test title printed before the stack as its message. Frames:
 * `at fn (/abs/src/x.js:3:11)`, `at /abs/src/x.js:3:11`, vitest's `❯ src/x.ts:3:11`,
 * `file:///abs/src/x.js:3:11`.
 */
import type { Collector } from './collector';
import { clip, trailingLocation } from './text';

const ERROR_LINE = /^(?:Uncaught )?[\w$.]*(?:Error|Exception)\b/;

/** `adds (1.2ms)` → `adds`. */
function stripDuration(title: string): string {
  const text = title.trim();
  if (!text.endsWith('ms)')) return text;
  const open = text.lastIndexOf(' (');
  return open > 0 ? text.slice(0, open) : text;
}

export class StackReader {
  private inFrames = false;
  private framesEmitted = false;
  private lastError: string | undefined;
  private lastTitle: string | undefined;

  constructor(private readonly out: Collector) {}

  /** True when the line is a frame of the stack being read. */
  line(trimmed: string): boolean {
    let body: string | undefined;
    let isFrame = false;
    if (trimmed.startsWith('at ')) {
      body = trimmed.slice(3).trim();
      if (body.endsWith(')')) {
        isFrame = true;
        const open = body.indexOf(' (');
        body = open >= 0 ? body.slice(open + 2, -1) : body.startsWith('(') ? body.slice(1, -1) : undefined;
      }
      if (body?.startsWith('async ') === true) body = body.slice('async '.length);
    } else if (trimmed.startsWith('❯ ')) {
      const rest = trimmed.slice(2).trim();
      body = rest.slice(rest.lastIndexOf(' ') + 1);
    } else if (trimmed.startsWith('file://')) {
      body = trimmed;
    }
    const location = body === undefined ? undefined : trailingLocation(body);
    if (location === undefined || (location.column === undefined && !trimmed.startsWith('at '))) return isFrame && this.inFrames;
    this.inFrames = true;
    if (this.framesEmitted) return true;
    const path = this.out.map(location.path, 'if-relative');
    if (path === undefined) return true; // node_modules, node: internals, outside: the next frame may be ours
    this.framesEmitted = true;
    const title = this.lastTitle;
    const error = this.lastError;
    const message = title !== undefined && error !== undefined ? `${title}: ${error}` : (error ?? title ?? 'Error thrown here (stack trace)');
    this.out.add(path, location.line, location.column, message, 'stack');
    return true;
  }

  /** A line that is no frame ends the stack being read. */
  end(): void {
    if (!this.inFrames) return;
    // An error line and a title belong to the stack that follows them, whether or not one of its frames was ours.
    this.inFrames = false;
    this.framesEmitted = false;
    this.lastError = undefined;
    this.lastTitle = undefined;
  }

  /** Lines that give a later stack its message: an error line, a test's title. */
  remember(trimmed: string): void {
    if (ERROR_LINE.test(trimmed)) this.lastError = clip(trimmed);
    else if (trimmed.startsWith('● ')) this.lastTitle = clip(trimmed.slice(2));
    else if (trimmed.startsWith('✖ ') || trimmed.startsWith('× ') || trimmed.startsWith('✗ ')) this.lastTitle = clip(stripDuration(trimmed.slice(2)));
    else if (trimmed.startsWith('FAIL ')) this.lastTitle = clip(trimmed.slice(5));
  }
}
