/** The agent toolbox's interface: its tool definitions and call summaries, input validation, and the report_finding and finish tools. */
import * as assert from 'node:assert/strict';
import { createToolbox } from '../../../src/core/workspace/tools/toolbox';
import { api, review, useToolsSuite } from './toolsFixtures';

describe('agent tools', () => {
  const { toolbox, ctxFor } = useToolsSuite();

  describe('definitions', () => {
    it('gives every phase the same tools in a stable order (one shared prompt prefix)', () => {
      assert.deepEqual(
        toolbox.definitions('implement').map((t) => t.name),
        ['list_files', 'read_file', 'search_text', 'write_file', 'edit_file', 'delete_file', 'report_finding', 'finish'],
      );
      assert.deepEqual(toolbox.definitions('contract'), toolbox.definitions('implement'));
      assert.equal(JSON.stringify(toolbox.definitions('validate')), JSON.stringify(toolbox.definitions('implement')));
      const edit = toolbox.definitions('implement').find((t) => t.name === 'edit_file');
      assert.equal(edit?.input_schema.type, 'object');
      assert.deepEqual(edit?.input_schema.required, ['path', 'old_text', 'new_text']);
      assert.equal(JSON.stringify(toolbox.definitions('validate')), JSON.stringify(createToolbox().definitions('validate')));
    });

    it('describes calls for the UI, even with garbage input', () => {
      assert.deepEqual(toolbox.describe('edit_file', { path: './src/api/user.ts' }), { summary: 'edit src/api/user.ts', path: 'src/api/user.ts' });
      assert.deepEqual(toolbox.describe('read_file', { path: 'a.ts', start_line: 3 }), { summary: 'read a.ts:3-end', path: 'a.ts' });
      assert.deepEqual(toolbox.describe('write_file', 'garbage'), { summary: 'write ?' });
      assert.deepEqual(toolbox.describe('nope', null), { summary: 'unknown tool nope' });
    });
  });

  describe('input validation', () => {
    it('answers malformed input with an error naming the field', async () => {
      const ctx = ctxFor(api);
      const missing = await toolbox.execute('read_file', { start_line: 1 }, ctx);
      assert.equal(missing.isError, true);
      assert.match(missing.content, /^Invalid input for read_file:\n- path: Invalid input: expected string, received undefined/);
      const wrongType = await toolbox.execute('edit_file', 'not an object', ctx);
      assert.match(wrongType.content, /- input: Invalid input: expected object, received string/);
      const badLine = await toolbox.execute('read_file', { path: 'README.md', start_line: 0 }, ctx);
      assert.match(badLine.content, /- start_line: /);
      const unknown = await toolbox.execute('rm_rf', {}, ctx);
      assert.match(unknown.content, /^Unknown tool "rm_rf". Available tools: list_files, read_file/);
      assert.deepEqual(ctx.events, []);
    });
  });

  describe('report_finding and finish', () => {
    it('report_finding emits finding.reported', async () => {
      const ctx = ctxFor(review, 'all');
      const result = await toolbox.execute('report_finding', { severity: 'warning', message: 'Missing null check.', path: './src/index.ts', line: 1 }, ctx);
      assert.deepEqual(result, { content: 'Recorded warning finding for src/index.ts:1.', isError: false, path: 'src/index.ts' });
      assert.deepEqual(ctx.events, [
        { kind: 'finding.reported', taskId: 'review', severity: 'warning', message: 'Missing null check.', path: 'src/index.ts', line: 1 },
      ]);
      const bad = await toolbox.execute('report_finding', { severity: 'fatal', message: 'x' }, ctx);
      assert.match(bad.content, /- severity: Invalid option/);
      const notForWriters = await toolbox.execute('report_finding', { severity: 'info', message: 'x' }, ctxFor(api));
      assert.match(notForWriters.content, /^report_finding is not available to implement tasks/);
    });

    it('finish returns the summary', async () => {
      const result = await toolbox.execute('finish', { summary: 'Added the user API.' }, ctxFor(api));
      assert.deepEqual(result, { content: 'Finished.', isError: false, finished: { summary: 'Added the user API.' } });
    });
  });
});
