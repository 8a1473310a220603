import * as assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../src/protocol/messages';
import { contentSecurityPolicy, createNonce, renderWebviewHtml } from '../../src/host/webviewHtml';

describe('webview protocol', () => {
  it('accepts a well-formed ready message', () => {
    const parsed = parseWebviewMessage({ type: 'ready', protocol: 1 });
    assert.deepEqual(parsed, { ok: true, message: { type: 'ready', protocol: 1 } });
  });

  it('rejects unknown types, extra fields and wrong field types with a reason', () => {
    for (const raw of [{ type: 'launchMissiles' }, { type: 'distribute', extra: 1 }, { type: 'ready', protocol: 'one' }, null, 'ready']) {
      const parsed = parseWebviewMessage(raw);
      assert.equal(parsed.ok, false, JSON.stringify(raw));
      if (!parsed.ok) {
        assert.ok(parsed.error.length > 0);
      }
    }
  });
});

describe('webview HTML', () => {
  it('uses a strict CSP with a fresh nonce and no eval or inline script', () => {
    const a = createNonce();
    const b = createNonce();
    assert.notEqual(a, b);
    assert.ok(Buffer.from(a, 'base64').length >= 16);
    const csp = contentSecurityPolicy('vscode-resource:', a);
    assert.match(csp, /^default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${a.replace(/[+/=]/g, '\\$&')}'`));
    assert.doesNotMatch(csp, /unsafe-eval|unsafe-inline/);
  });

  it('loads only the bundle, with the nonce, and escapes attributes', () => {
    const html = renderWebviewHtml({ cspSource: 'x', nonce: 'n0nce', scriptUri: 'https://a/"main.js', styleUri: 's.css', title: 'T' });
    assert.match(html, /<script type="module" nonce="n0nce" src="https:\/\/a\/&quot;main.js"><\/script>/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });
});
