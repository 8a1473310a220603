import * as assert from 'node:assert/strict';
import { ROUTES } from '../../src/core/plan/plan';
import { planEditSchema } from '../../src/core/plan/planSchema';
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

describe('webview protocol: plan shapes come from the plan schema', () => {
  const edits = [
    { kind: 'moveOwnership', path: 'src/index.ts', from: 'api', to: 'integration' },
    { kind: 'removeTask', taskId: 'docs' },
    { kind: 'mergeTasks', into: 'api', from: ['flag'] },
    { kind: 'addDependency', taskId: 'ui', dependsOn: 'types' },
    { kind: 'setModel', taskId: 'ui', model: 'claude-sonnet-5-5' },
    { kind: 'setModel', taskId: 'ui' },
  ];

  it('accepts every plan edit a person makes in review, each one a plan edit', () => {
    for (const edit of edits) {
      assert.deepEqual(parseWebviewMessage({ type: 'editPlan', edits: [edit] }), { ok: true, message: { type: 'editPlan', edits: [edit] } });
      assert.equal(planEditSchema.safeParse(edit).success, true, edit.kind);
    }
  });

  it('refuses adding a task, extra fields, empty ids and over-long ids or models', () => {
    const task = { id: 'x', title: 'X', phase: 'implement', role: 'R', instructions: 'Do x.', owns: ['x.ts'], reads: [], dependsOn: [] };
    assert.equal(planEditSchema.safeParse({ kind: 'addTask', task }).success, true, 'a lint fix may add a task');
    for (const edit of [
      { kind: 'addTask', task },
      { kind: 'removeTask', taskId: 'docs', extra: 1 },
      { kind: 'removeTask', taskId: '' },
      { kind: 'removeTask', taskId: 'x'.repeat(65) },
      { kind: 'mergeTasks', into: 'api', from: [] },
      { kind: 'setModel', taskId: 'ui', model: 'm'.repeat(101) },
    ]) {
      assert.equal(parseWebviewMessage({ type: 'editPlan', edits: [edit] }).ok, false, JSON.stringify(edit));
    }
  });

  it('takes the routes the plan has', () => {
    for (const route of ROUTES) assert.equal(parseWebviewMessage({ type: 'submitRequest', request: 'x', route }).ok, true, route);
    assert.equal(parseWebviewMessage({ type: 'submitRequest', request: 'x', route: 'huge' }).ok, false);
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
