import * as assert from 'node:assert/strict';
import { decideApply, type CurrentFile } from '../../../src/host/review/applyDecision';
import { lineEndingOf, splitLines, threeWayMerge } from '../../../src/host/review/merge';
import type { StagedEntry } from '../../../src/core/workspace/stagingTypes';
import { sha256 } from '../../../src/core/workspace/staging';

const BASE = 'one\ntwo\nthree\nfour\nfive\n';

function entry(base: string | null, proposed: string | null, path = 'src/a.ts'): StagedEntry {
  return {
    path,
    taskId: 'types',
    base: base === null ? null : { content: base, hash: sha256(base) },
    proposed,
    proposedHash: proposed === null ? null : sha256(proposed),
  };
}

const text = (t: string, dirty = false): CurrentFile => ({ kind: 'text', text: t, dirty });

describe('review: three-way merge', () => {
  it('splits lines keeping their endings and finds the dominant line ending', () => {
    assert.deepEqual(splitLines('a\nb\r\nc'), ['a\n', 'b\r\n', 'c']);
    assert.deepEqual(splitLines(''), []);
    assert.equal(lineEndingOf('a\r\nb\r\nc\n'), '\r\n');
    assert.equal(lineEndingOf('a\nb'), '\n');
  });

  it('merges edits to different lines cleanly', () => {
    const result = threeWayMerge(BASE, 'one\ntwo\nthree\nfour\nFIVE\n', 'one\nTWO\nthree\nfour\nfive\n');
    assert.deepEqual(result, { kind: 'clean', text: 'one\nTWO\nthree\nfour\nFIVE\n', merged: true });
  });

  it('marks overlapping edits with yours / base / agent sections', () => {
    const result = threeWayMerge(BASE, 'one\nmine\nthree\nfour\nfive\n', 'one\ntheirs\nthree\nfour\nfive\n', {
      yours: 'yours',
      base: 'base',
      agent: 'agent (Types)',
    });
    assert.equal(result.kind, 'conflict');
    assert.equal(result.text, 'one\n<<<<<<< yours\nmine\n||||||| base\ntwo\n=======\ntheirs\n>>>>>>> agent (Types)\nthree\nfour\nfive\n');
  });

  it("keeps the user's CRLF line endings and BOM, and ignores line-ending-only differences", () => {
    const yoursCrlf = '\uFEFFone\r\ntwo\r\nthree\r\nfour\r\nFIVE\r\n';
    const result = threeWayMerge(BASE, yoursCrlf, 'one\nTWO\nthree\nfour\nfive\n');
    assert.deepEqual(result, { kind: 'clean', text: '\uFEFFone\r\nTWO\r\nthree\r\nfour\r\nFIVE\r\n', merged: true });
    const onlyEol = threeWayMerge(BASE, BASE.replace(/\n/g, '\r\n'), 'zero\n' + BASE);
    assert.deepEqual(onlyEol, { kind: 'clean', text: ('zero\n' + BASE).replace(/\n/g, '\r\n'), merged: false });
  });

  it('puts markers on their own lines when a side ends without a newline', () => {
    const result = threeWayMerge('a\nb', 'a\nmine', 'a\ntheirs');
    assert.equal(result.text, 'a\n<<<<<<< yours\nmine\n||||||| base\nb\n=======\ntheirs\n>>>>>>> agent\n');
  });
});

describe('review: what accepting a file does', () => {
  it('applies the proposal when the file is as the agent saw it', () => {
    assert.deepEqual(decideApply(entry(BASE, 'new\n'), text(BASE), 'Types'), { kind: 'modify', text: 'new\n', merged: false });
    assert.deepEqual(decideApply(entry(null, 'new\n'), { kind: 'missing' }, 'Types'), { kind: 'create', text: 'new\n' });
    assert.deepEqual(decideApply(entry(BASE, null), text(BASE), 'Types'), { kind: 'delete' });
  });

  it('merges with edits made since, from disk or an unsaved buffer', () => {
    const decision = decideApply(entry(BASE, 'one\nTWO\nthree\nfour\nfive\n'), text('one\ntwo\nthree\nfour\nFIVE\n', true), 'Types');
    assert.deepEqual(decision, { kind: 'modify', text: 'one\nTWO\nthree\nfour\nFIVE\n', merged: true });
  });

  it('refuses overlapping edits with the merged text, and says nothing was applied', () => {
    const decision = decideApply(entry(BASE, 'one\ntheirs\nthree\nfour\nfive\n'), text('one\nmine\nthree\nfour\nfive\n', true), 'Types');
    assert.equal(decision.kind, 'conflict');
    assert.ok(decision.kind === 'conflict' && decision.mergedText?.includes('<<<<<<< yours'));
    assert.match(decision.kind === 'conflict' ? decision.message : '', /unsaved edits to src\/a\.ts .* Nothing was applied/);
  });

  it('refuses a modify of a file deleted since, a folder, a binary, a file over the limit and an unreadable one', () => {
    const e = entry(BASE, 'new\n');
    const cases: [CurrentFile, RegExp][] = [
      [{ kind: 'missing' }, /was deleted after agent Types read it/],
      [{ kind: 'folder' }, /is now a folder/],
      [{ kind: 'binary' }, /binary file/],
      [{ kind: 'tooLarge', bytes: 2_000_000, limit: 1_048_576 }, /2000000 bytes, over the 1048576-byte limit/],
      [{ kind: 'unreadable', message: 'EACCES' }, /could not be read \(EACCES\)/],
    ];
    for (const [current, message] of cases) {
      const decision = decideApply(e, current, 'Types');
      assert.equal(decision.kind, 'conflict');
      assert.match(decision.kind === 'conflict' ? decision.message : '', message);
    }
  });

  it('never deletes a file the user edited since; a file already gone is a no-op', () => {
    const decision = decideApply(entry(BASE, null), text(BASE + 'more\n'), 'Cleanup');
    assert.equal(decision.kind, 'conflict');
    assert.match(decision.kind === 'conflict' ? decision.message : '', /does not delete your edits\. Nothing was deleted/);
    assert.equal(decideApply(entry(BASE, null), { kind: 'missing' }, 'Cleanup').kind, 'noop');
  });

  it('treats a create whose path the user filled meanwhile as a merge against an empty base', () => {
    assert.equal(decideApply(entry(null, 'same\n'), text('same\n'), 'Types').kind, 'noop');
    assert.equal(decideApply(entry(null, 'agent\n'), text('mine\n'), 'Types').kind, 'conflict');
  });
});
