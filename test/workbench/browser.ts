// Headless Debian Chromium driven by playwright-core, for the workbench that code-server serves.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Frame, type Page } from 'playwright-core';

/** Debian's chromium package; playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = process.env.FANOUT_CHROMIUM ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(options: { readonly headless?: boolean } = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install the Debian package "chromium" (scripts/ensure-prereqs.sh does).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: options.headless ?? true });
}

/** A console message with the URL of the frame that logged it. */
export interface ConsoleLine {
  readonly type: string;
  readonly text: string;
  readonly url: string;
}

export function toConsoleLine(message: ConsoleMessage): ConsoleLine {
  return { type: message.type(), text: message.text(), url: message.location().url };
}

/** Collects every console message of the page and its frames (webviews included). */
export function recordConsole(page: Page): ConsoleLine[] {
  const lines: ConsoleLine[] = [];
  page.on('console', (message) => lines.push(toConsoleLine(message)));
  page.on('pageerror', (error) => lines.push({ type: 'pageerror', text: String(error), url: page.url() }));
  return lines;
}

/** A workbench log line ("%c INFO color: #33f text"): the extension host's console arrives this way too. */
export interface WorkbenchLog {
  readonly level: string;
  readonly text: string;
}

export function parseWorkbenchLog(text: string): WorkbenchLog | undefined {
  const match = /^%c\s*([A-Z]+) color: #[0-9a-fA-F]+ ?([\s\S]*)$/.exec(text);
  return match ? { level: match[1] ?? '', text: match[2] ?? '' } : undefined;
}

/** Console errors that are expected offline and say nothing about Fanout. */
const OFFLINE_NOISE = [/open-vsx\.org/, /ERR_NAME_NOT_RESOLVED/, /status of 404 \(Not Found\)/, /vsda/];

export function isOfflineNoise(text: string): boolean {
  return OFFLINE_NOISE.some((pattern) => pattern.test(text));
}

/** Content Security Policy violations Chromium reported ("Refused to load …", "Refused to execute …"). */
export function cspViolations(lines: readonly ConsoleLine[]): ConsoleLine[] {
  return lines.filter(
    (line) => /Refused to (load|execute|apply|connect|frame|create|evaluate|compile)/i.test(line.text) || /Content Security Policy/i.test(line.text),
  );
}

/** The first frame (webviews are nested iframes) where `selector` matches, waiting up to `timeoutMs`. */
export async function findFrameWith(page: Page, selector: string, timeoutMs = 20_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      try {
        if ((await frame.locator(selector).count()) > 0) {
          return frame;
        }
      } catch {
        // The frame navigated or detached while we looked; try the next one.
      }
    }
    await page.waitForTimeout(250);
  }
  throw new Error(
    `No frame contains ${selector} after ${timeoutMs} ms (frames: ${page
      .frames()
      .map((f) => f.url())
      .join(', ')})`,
  );
}
