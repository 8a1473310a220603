/** Static markup from React, parsed into a detached jsdom document (no globals) for queries. */
import { JSDOM } from 'jsdom';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

export function render(element: ReactElement): Document {
  return new JSDOM(`<!doctype html><body>${renderToStaticMarkup(element)}</body>`).window.document;
}

/** Whitespace-collapsed text of the first match (or the body). */
export function text(doc: Document, selector = 'body'): string {
  return (doc.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** aria-labels of every button, in document order. */
export function buttons(doc: Document): string[] {
  return [...doc.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent ?? '');
}
