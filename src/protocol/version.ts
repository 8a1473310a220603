/** Protocol version; bumped on any incompatible change so a stale webview asks for a reload. */
export const PROTOCOL_VERSION = 3;
