// Steps inside Fanout's sidebar webview that the flow tests share: waiting for a stage, reading the
// agents (cards, or compact lines in a large run), recording what the view showed between two looks,
// keyboard focus, and accessible names.
// The webview's scripts are plain JavaScript strings: the tests' TypeScript has no DOM types.
import * as assert from 'node:assert/strict';
import type { Frame, Locator, Page } from 'playwright-core';
import type { AgentStatus } from '../../src/core/run/runState';
import { STATUS_LABEL } from '../../webview/run/labels';

/** Polls `probe` until it returns a value; on timeout throws `what` with `describe()`'s account of the view. */
export async function waitUntil<T>(
  frame: Frame,
  probe: () => Promise<T | undefined>,
  what: string,
  options: { readonly timeoutMs?: number; readonly describe?: () => Promise<string> } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const state = options.describe ? await options.describe().catch((e: unknown) => `(could not read the view: ${String(e)})`) : '';
      throw new Error(`Timed out waiting for ${what}.${state ? ` The view shows: ${state}` : ''}`);
    }
    await frame.page().waitForTimeout(100);
  }
}

/** The text of the stage's main heading (the first h1). */
export async function stageHeading(frame: Frame): Promise<string> {
  const h1 = frame.locator('h1').first();
  return (await h1.count()) > 0 ? ((await h1.textContent()) ?? '').trim() : '';
}

/** Waits for the stage whose h1 matches; the error names the heading shown instead. */
export async function waitForStage(frame: Frame, heading: string | RegExp, timeoutMs = 30_000): Promise<void> {
  const wanted = typeof heading === 'string' ? (h: string) => h === heading : (h: string) => heading.test(h);
  await waitUntil(frame, async () => (wanted(await stageHeading(frame)) ? true : undefined), `the stage "${String(heading)}"`, {
    timeoutMs,
    describe: async () => `heading "${await stageHeading(frame)}"; ${await alertText(frame)}`,
  });
}

async function alertText(frame: Frame): Promise<string> {
  const alert = frame.locator('[role="alert"]');
  return (await alert.count()) > 0 ? `alert: ${((await alert.first().textContent()) ?? '').trim()}` : 'no alert';
}

/**
 * One agent in the run view, in either of its forms: a card (runs of up to six agents) or a compact
 * line that expands to the card (larger runs). Both are list items carrying the task id and the
 * agent's status; a card shown inside an expanded line carries neither, so no agent counts twice.
 */
export const AGENT_ENTRY = '[role="listitem"][data-task][data-status]';

/** The agents the run view lists, in page order: task id, status (`running`, `done` …) and form. */
export interface AgentEntry {
  readonly taskId: string;
  readonly status: string;
  readonly form: 'card' | 'line';
  /** A compact line is expanded to its card. */
  readonly expanded: boolean;
}

export function agentEntries(frame: Frame): Promise<AgentEntry[]> {
  return frame.evaluate<AgentEntry[]>(`(() => [...document.querySelectorAll(${JSON.stringify(AGENT_ENTRY)})].map((el) => ({
    taskId: el.getAttribute('data-task') || '',
    status: el.getAttribute('data-status') || '',
    form: el.classList.contains('agent-card') ? 'card' : 'line',
    expanded: el.querySelector(':scope > button[aria-expanded]')?.getAttribute('aria-expanded') === 'true',
  })))()`);
}

function isAgentStatus(status: string): status is AgentStatus {
  return Object.hasOwn(STATUS_LABEL, status);
}

/**
 * Status of every agent the run view lists, in the words of the view's status labels, e.g.
 * `{ types: "Done", dates: "Running" }`; cards and compact lines alike. Fails when a task is listed
 * twice.
 */
export async function cardStatuses(frame: Frame): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await agentEntries(frame)) {
    if (Object.hasOwn(out, entry.taskId)) throw new Error(`The run view lists agent "${entry.taskId}" twice`);
    out[entry.taskId] = isAgentStatus(entry.status) ? STATUS_LABEL[entry.status] : entry.status;
  }
  return out;
}

function describeCards(frame: Frame): () => Promise<string> {
  return async () => {
    const entries = await agentEntries(frame);
    const lines = entries.filter((e) => e.form === 'line').length;
    return `heading "${await stageHeading(frame)}"; agents ${JSON.stringify(await cardStatuses(frame))} (${entries.length - lines} cards, ${lines} compact lines)`;
  };
}

/** Waits until at least `min` agents show the status `status` ("Running", "Done" …). */
export async function waitForCards(frame: Frame, status: string, min: number, timeoutMs = 30_000): Promise<Record<string, string>> {
  return waitUntil(
    frame,
    async () => {
      const statuses = await cardStatuses(frame);
      return Object.values(statuses).filter((s) => s === status).length >= min ? statuses : undefined;
    },
    `${min} agent(s) showing "${status}"`,
    { timeoutMs, describe: describeCards(frame) },
  );
}

/** Waits until the agent `taskId` shows `status`. */
export async function waitForCard(frame: Frame, taskId: string, status: string, timeoutMs = 30_000): Promise<void> {
  await waitUntil(frame, async () => ((await cardStatuses(frame))[taskId] === status ? true : undefined), `agent "${taskId}" to show "${status}"`, {
    timeoutMs,
    describe: describeCards(frame),
  });
}

/** Waits until the view lists `count` agents and every one shows "Done". */
export async function waitForAllDone(frame: Frame, count: number, timeoutMs = 60_000): Promise<void> {
  await waitUntil(
    frame,
    async () => {
      const statuses = Object.values(await cardStatuses(frame));
      return statuses.length === count && statuses.every((s) => s === 'Done') ? true : undefined;
    },
    `all ${count} agents to show "Done"`,
    { timeoutMs, describe: describeCards(frame) },
  );
}

/**
 * The card of agent `taskId`, as a person gets to it: a compact line is expanded first (a click on
 * it), a card is there already. Resolves once the card is visible.
 */
export async function openAgentCard(frame: Frame, taskId: string): Promise<Locator> {
  const entry = frame.locator(`${AGENT_ENTRY}[data-task="${taskId}"]`);
  await entry.waitFor({ state: 'attached' });
  if (((await entry.getAttribute('class')) ?? '').split(/\s+/).includes('agent-card')) return entry;
  const line = entry.locator(':scope > button[aria-expanded]');
  if ((await line.getAttribute('aria-expanded')) !== 'true') await line.click();
  const controls = await line.getAttribute('aria-controls');
  if (!controls) throw new Error(`The compact line of agent "${taskId}" names no card it expands to`);
  const card = frame.locator(`#${controls} .agent-card`);
  await card.waitFor({ state: 'visible' });
  return card;
}

/** What the view showed since `startRecording`: every stage heading in order, and the most agents running at once. */
export interface ViewRecord {
  readonly headings: readonly string[];
  readonly maxRunning: number;
}

/**
 * Watches the webview document (a MutationObserver in the page, so nothing shown between two polls
 * is missed) for stage headings and running agents, cards and compact lines alike. Read it with
 * `readRecording`.
 */
export async function startRecording(frame: Frame): Promise<void> {
  await frame.evaluate(`(() => {
    const record = { headings: [], maxRunning: 0 };
    window.__fanoutRecord = record;
    const look = () => {
      const heading = (document.querySelector('h1')?.textContent || '').trim();
      if (heading && record.headings[record.headings.length - 1] !== heading) record.headings.push(heading);
      record.maxRunning = Math.max(record.maxRunning, document.querySelectorAll(${JSON.stringify(`${AGENT_ENTRY}[data-status="running"]`)}).length);
    };
    if (window.__fanoutObserver) window.__fanoutObserver.disconnect();
    window.__fanoutObserver = new MutationObserver(look);
    window.__fanoutObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['class', 'data-status'] });
    look();
  })()`);
}

export function readRecording(frame: Frame): Promise<ViewRecord> {
  return frame.evaluate<ViewRecord>(`(() => {
    const record = window.__fanoutRecord || { headings: [], maxRunning: 0 };
    return { headings: [...record.headings], maxRunning: record.maxRunning };
  })()`);
}

/** An interactive element of the webview and the accessible name computed for it. */
export interface NamedControl {
  readonly tag: string;
  readonly name: string;
  readonly html: string;
}

/**
 * Every button, select, textarea, input, summary and ARIA widget in the webview document, with its
 * accessible name as a screen reader would get it in the simple cases: aria-label, else the text of
 * aria-labelledby, else its <label>s, else (buttons, summaries) its own text, else its title.
 */
export function namedControls(frame: Frame): Promise<NamedControl[]> {
  return frame.evaluate<NamedControl[]>(`(() => {
    const text = (el) => (el ? (el.textContent || '').replace(/\\s+/g, ' ').trim() : '');
    const controls = document.querySelectorAll('button, select, textarea, input, summary, [role="button"], [role="treeitem"], [role="radio"], [role="checkbox"], [tabindex]:not([tabindex="-1"])');
    return [...controls].map((el) => {
      const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean).map((id) => text(document.getElementById(id))).join(' ').trim();
      const labels = el.labels ? [...el.labels].map(text).join(' ').trim() : '';
      const ownText = el.matches('button, summary, [role="button"]') ? text(el) : '';
      const name = (el.getAttribute('aria-label') || '').trim() || labelledBy || labels || ownText || (el.getAttribute('title') || '').trim();
      return { tag: el.tagName.toLowerCase(), name, html: el.outerHTML.slice(0, 160) };
    });
  })()`);
}

/** Describes the element focused in the webview: its accessible name, or its tag and text. */
export function focusedControl(frame: Frame): Promise<{ readonly tag: string; readonly name: string; readonly inFrame: boolean }> {
  return frame.evaluate<{ tag: string; name: string; inFrame: boolean }>(`(() => {
    const el = document.activeElement;
    const text = (node) => (node ? (node.textContent || '').replace(/\\s+/g, ' ').trim() : '');
    if (!el || el === document.body || !document.hasFocus()) return { tag: el ? el.tagName.toLowerCase() : '', name: '', inFrame: document.hasFocus() };
    const labelledBy = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean).map((id) => text(document.getElementById(id))).join(' ').trim();
    const labels = el.labels ? [...el.labels].map(text).join(' ').trim() : '';
    const name = (el.getAttribute('aria-label') || '').trim() || labelledBy || labels || text(el);
    return { tag: el.tagName.toLowerCase(), name, inFrame: true };
  })()`);
}

/** Waits until the webview's focused element has the accessible name `name` (focus moves by message, a moment later). */
export async function waitForFocus(frame: Frame, name: string, timeoutMs = 10_000): Promise<void> {
  await waitUntil(frame, async () => ((await focusedControl(frame)).name === name ? true : undefined), `focus on "${name}"`, {
    timeoutMs,
    describe: async () => {
      const focused = await focusedControl(frame);
      return focused.inFrame ? `focus on <${focused.tag}> "${focused.name}"` : 'focus outside the Fanout view';
    },
  });
}

/**
 * Presses Tab (or Shift+Tab) until the webview's focused element has the accessible name `name`;
 * fails when focus leaves the webview or `maxPresses` are used up, listing where focus went.
 */
export async function tabTo(
  page: Page,
  frame: Frame,
  name: string,
  options: { readonly backwards?: boolean; readonly maxPresses?: number } = {},
): Promise<number> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  const visited: string[] = [];
  for (let presses = 1; presses <= (options.maxPresses ?? 40); presses++) {
    await page.keyboard.press(key);
    const focused = await focusedControl(frame);
    if (!focused.inFrame) throw new Error(`${key} left the Fanout view before reaching "${name}" (visited: ${visited.join(' → ')})`);
    visited.push(focused.name || `<${focused.tag}>`);
    if (focused.name === name) return presses;
  }
  throw new Error(`"${name}" was not reached with ${key} (visited: ${visited.join(' → ')})`);
}

/** Fails with the markup of every control in the view that has no accessible name. */
export async function assertAllControlsNamed(frame: Frame, stage: string): Promise<void> {
  const controls = await namedControls(frame);
  assert.ok(controls.length > 0, `no interactive elements found in the ${stage}`);
  const unnamed = controls.filter((c) => c.name === '').map((c) => c.html);
  assert.deepEqual(unnamed, [], `controls without an accessible name in the ${stage}`);
}

/** Scrolls the view so the element `selector` matches is at its top (a section, before a screenshot). */
export async function scrollToTop(frame: Frame, selector: string): Promise<void> {
  const found = await frame.evaluate<boolean>(`(() => {
    const el = document.querySelector(${JSON.stringify(selector)});
    if (el) el.scrollIntoView({ block: 'start' });
    return el !== null;
  })()`);
  if (!found) throw new Error(`Nothing in the Fanout view matches ${selector} to scroll to`);
}
