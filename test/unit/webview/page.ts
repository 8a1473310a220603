/**
 * A live jsdom page for the Fanout sidebar tests that click, type and wait: React renders with
 * react-dom/client inside act(), and the globals it needs exist only until close().
 */
import { JSDOM } from 'jsdom';
import type { ReactElement } from 'react';

export interface Page {
  readonly window: JSDOM['window'];
  /** Renders into a fresh container inside act(). */
  render(element: ReactElement): Promise<HTMLElement>;
  /** Runs `fn` inside act() so React flushes the updates it causes. */
  act(fn: () => void): Promise<void>;
  close(): Promise<void>;
}

const GLOBALS = [
  'window',
  'document',
  'navigator',
  'HTMLElement',
  'HTMLIFrameElement',
  'Node',
  'Event',
  'KeyboardEvent',
  'MouseEvent',
  'IS_REACT_ACT_ENVIRONMENT',
];

/** A jsdom page with React's act environment; close() removes the globals again. */
export async function openPage(): Promise<Page> {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const { window } = dom;
  const values: Record<string, unknown> = {
    window,
    document: window.document,
    navigator: window.navigator,
    HTMLElement: window.HTMLElement,
    HTMLIFrameElement: window.HTMLIFrameElement,
    Node: window.Node,
    Event: window.Event,
    KeyboardEvent: window.KeyboardEvent,
    MouseEvent: window.MouseEvent,
    IS_REACT_ACT_ENVIRONMENT: true,
  };
  for (const name of GLOBALS) {
    Object.defineProperty(globalThis, name, { value: values[name], configurable: true, writable: true });
  }
  const { act } = await import('react');
  const { createRoot } = await import('react-dom/client');
  const roots: { unmount(): void }[] = [];
  return {
    window,
    async render(element) {
      const container = window.document.createElement('div');
      window.document.body.appendChild(container);
      const root = createRoot(container);
      roots.push(root);
      await act(async () => root.render(element));
      return container;
    },
    async act(fn) {
      await act(async () => fn());
    },
    async close() {
      await act(async () => roots.forEach((r) => r.unmount()));
      for (const name of GLOBALS) {
        Reflect.deleteProperty(globalThis, name);
      }
      window.close();
    },
  };
}
