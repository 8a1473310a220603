/**
 * The one protocol between the extension host and the Fanout webview. Both bundles import this
 * module (the webview with `import type` only, so no validator ships in its bundle, plus
 * `./version`); the host validates every inbound message against `webviewToHostSchema` before dispatch.
 */
import { z } from 'zod';
import type { PROTOCOL_VERSION } from './version';

export { PROTOCOL_VERSION } from './version';

/** What the sidebar shows before and between runs. Run state joins this as the engine lands. */
export interface SidebarSnapshot {
  readonly protocol: typeof PROTOCOL_VERSION;
  /** Monotonic sequence of the last host->webview update folded into this snapshot. */
  readonly seq: number;
  readonly workspace: WorkspaceStatus;
  /** True when no API key is configured and runs would use the built-in demo. */
  readonly demoMode: boolean;
}

export type WorkspaceStatus =
  | { readonly kind: 'none' }
  | { readonly kind: 'untrusted'; readonly name: string }
  | { readonly kind: 'ready'; readonly name: string };

// ---------------------------------------------------------------------------------------------
// Webview -> host
// ---------------------------------------------------------------------------------------------

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), protocol: z.number().int() }).strict(),
  z.object({ type: z.literal('distribute') }).strict(),
  z.object({ type: z.literal('setApiKey') }).strict(),
  z.object({ type: z.literal('openSettings') }).strict(),
]);

export type WebviewToHost = z.infer<typeof webviewToHostSchema>;
export type WebviewToHostType = WebviewToHost['type'];
export type WebviewMessageOf<T extends WebviewToHostType> = Extract<WebviewToHost, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Host -> webview
// ---------------------------------------------------------------------------------------------

export type HostToWebview =
  | { readonly type: 'snapshot'; readonly snapshot: SidebarSnapshot }
  | { readonly type: 'focusComposer'; readonly seq: number };

export type HostToWebviewType = HostToWebview['type'];

/** Parses an inbound message; returns the typed message or a human-readable reason. */
export function parseWebviewMessage(
  raw: unknown,
): { readonly ok: true; readonly message: WebviewToHost } | { readonly ok: false; readonly error: string } {
  const result = webviewToHostSchema.safeParse(raw);
  if (result.success) {
    return { ok: true, message: result.data };
  }
  return { ok: false, error: z.prettifyError(result.error) };
}
