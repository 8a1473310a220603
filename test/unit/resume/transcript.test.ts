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

  it('reads back the opening and every finished turn, thinking blocks byte for byte', () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 1);
    writer.start(opening);
    writer.turn(1, [assistant, results]);
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [opening, assistant, results]);
    assert.equal(saved?.attempt, 1);
    assert.equal(saved?.compacted, false);
    assert.ok(readFileSync(path, 'utf8').includes(JSON.stringify(assistant.content)));
    writer.close();
  });

  it('ignores a torn last line, and a writer continuing the file cuts it off before appending', () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 2);
    writer.start(opening);
    writer.turn(1, [assistant, results]);
    appendFileSync(path, '{"kind":"turn","attempt":2,"turn":2,"messages":[{"role":"assis');
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [opening, assistant, results]);
    assert.ok(saved !== undefined);
    writer.close();
    const continuing = TranscriptWriter.continuing(path, saved);
    continuing.turn(2, [
      { role: 'assistant', content: [{ type: 'text', text: 'more' }] },
      { role: 'user', content: 'Continue.' },
    ]);
    continuing.close();
    const again = readTranscript(path);
    assert.equal(again?.messages.length, 5);
    assert.ok(!readFileSync(path, 'utf8').includes('"role":"assis"'));
  });

  it('a new attempt and a compaction replace the file; a turn of another attempt is not read as this one', () => {
    const path = transcriptPath(dir, 'a');
    const first = new TranscriptWriter(path, 1);
    first.start(opening);
    first.turn(1, [assistant, results]);
    first.close();
    const second = new TranscriptWriter(path, 2);
    second.start(opening);
    assert.deepEqual(readTranscript(path)?.messages, [opening]);
    const compactedMessage: HistoryMessage = {
      role: 'user',
      content: [{ type: 'compaction', content: 'summary', signature: 's' } as never, { type: 'text', text: 'go on' }],
    };
    second.reset(3, [compactedMessage]);
    second.close();
    const saved = readTranscript(path);
    assert.deepEqual(saved?.messages, [compactedMessage]);
    assert.equal(saved?.compacted, true);
    assert.equal(readFileSync(path, 'utf8').split('\n').filter(Boolean).length, 1, 'the file holds the conversation, not its history');
    appendFileSync(path, `${JSON.stringify({ kind: 'turn', attempt: 1, turn: 4, messages: [assistant, results] })}\n`);
    assert.deepEqual(readTranscript(path)?.messages, [compactedMessage]);
  });

  it('appends the turns after a compaction to the replaced file, and after a close to the same file', () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 1);
    writer.start(opening);
    writer.turn(1, [assistant, results]);
    const summary: HistoryMessage = { role: 'user', content: [{ type: 'text', text: 'summary so far' }] };
    writer.reset(2, [summary]);
    writer.turn(3, [assistant, results]);
    writer.close();
    writer.turn(4, [
      { role: 'assistant', content: [{ type: 'text', text: 'more' }] },
      { role: 'user', content: 'Continue.' },
    ]);
    writer.close();
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean);
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { kind: string; turn?: number }).kind),
      ['reset', 'turn', 'turn'],
    );
    assert.equal(readTranscript(path)?.messages.length, 5);
  });

  it('writes lines in the order they were asked for, and opens the file again for a turn after close()', () => {
    const path = transcriptPath(dir, 'a');
    const writer = new TranscriptWriter(path, 1);
    writer.start(opening);
    writer.turn(1, [assistant, results]);
    const more: HistoryMessage[] = [
      { role: 'assistant', content: [{ type: 'text', text: 'more' }] },
      { role: 'user', content: 'Continue.' },
    ];
    writer.turn(2, more);
    assert.deepEqual(readTranscript(path)?.messages, [opening, assistant, results, ...more]);
    writer.close();
    writer.turn(3, more);
    writer.close();
    assert.equal(readTranscript(path)?.messages.length, 7, 'a turn asked after close() opens the file again');
  });

  it('gives up without a gap when its file cannot be written, and never rejects', () => {
    const path = transcriptPath(join(dir, 'file-not-folder'), 'a');
    appendFileSync(join(dir, 'file-not-folder'), 'a file where the run folder should be');
    const writer = new TranscriptWriter(path, 1);
    writer.start(opening);
    writer.turn(1, [assistant, results]);
    writer.close();
    assert.equal(readTranscript(path), undefined);
  });

  it('is undefined for a missing file or one without an opening', () => {
    assert.equal(readTranscript(join(dir, 'none.jsonl')), undefined);
    const path = join(dir, 'b.jsonl');
    appendFileSync(path, 'not json\n');
    assert.equal(readTranscript(path), undefined);
  });
});
