import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTranscript, TranscriptWriter, transcriptPath } from '../../../src/core/run/agent/transcript';
import type { HistoryMessage } from '../../../src/core/run/agent/history';

describe('agent transcript', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fanout-transcript-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const opening: HistoryMessage = { role: 'user', content: 'Do task "a".' };
  const assistant: HistoryMessage = {
    role: 'assistant',
    content: [
      { type: 'thinking', thinking: 'Plan: write the file.\n  ünïcode ✓', signature: 'c2lnbmF0dXJl+/=' },
      { type: 'tool_use', id: 'toolu_1', name: 'write_file', input: { path: 'src/a.ts', content: 'x' } },
    ],
  };
  const results: HistoryMessage = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Staged src/a.ts.' }] };

  it('reads back the opening and every finished turn, thinking blocks byte for byte', async () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 1);
    await writer.start(opening);
    await writer.turn(1, [assistant, results]);
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [opening, assistant, results]);
    assert.equal(saved?.attempt, 1);
    assert.equal(saved?.compacted, false);
    assert.ok(readFileSync(path, 'utf8').includes(JSON.stringify(assistant.content)));
  });

  it('ignores a torn last line, and a writer continuing the file cuts it off before appending', async () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 2);
    await writer.start(opening);
    await writer.turn(1, [assistant, results]);
    appendFileSync(path, '{"kind":"turn","attempt":2,"turn":2,"messages":[{"role":"assis');
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [opening, assistant, results]);
    assert.ok(saved !== undefined);
    const continuing = TranscriptWriter.continuing(path, saved);
    await continuing.turn(2, [
      { role: 'assistant', content: [{ type: 'text', text: 'more' }] },
      { role: 'user', content: 'Continue.' },
    ]);
    const again = readTranscript(path);
    assert.equal(again?.messages.length, 5);
    assert.ok(!readFileSync(path, 'utf8').includes('"role":"assis"'));
  });

  it('a new attempt and a compaction replace the file; a turn of another attempt is not read as this one', async () => {
    const path = transcriptPath(dir, 'a');
    const first = new TranscriptWriter(path, 1);
    await first.start(opening);
    await first.turn(1, [assistant, results]);
    const second = new TranscriptWriter(path, 2);
    await second.start(opening);
    assert.deepEqual(readTranscript(path)?.messages, [opening]);
    const compactedMessage: HistoryMessage = {
      role: 'user',
      content: [{ type: 'compaction', content: 'summary', signature: 's' } as never, { type: 'text', text: 'go on' }],
    };
    await second.reset(3, [compactedMessage]);
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [compactedMessage]);
    assert.equal(saved?.compacted, true);
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 1, 'the file holds the conversation, not its history');
    appendFileSync(path, `${JSON.stringify({ kind: 'turn', attempt: 1, turn: 4, messages: [assistant, results] })}\n`);
    assert.deepEqual(readTranscript(path)?.messages, [compactedMessage]);
  });

  it('is undefined for a missing file or one without an opening', () => {
    assert.equal(readTranscript(join(dir, 'none.jsonl')), undefined);
    const path = join(dir, 'b.jsonl');
    appendFileSync(path, 'not json\n');
    assert.equal(readTranscript(path), undefined);
  });
});
