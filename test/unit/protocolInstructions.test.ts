import * as assert from 'node:assert/strict';
import { repoMapPart, withInstructionsText } from '../../src/core/planning/contextShare';
import { parseWebviewMessage } from '../../src/protocol/messages';

describe('webview protocol: pickInstructions', () => {
  const ok = (selection: unknown) => parseWebviewMessage({ type: 'pickInstructions', selection }).ok;

  it('accepts chosen section ids per instruction file, an empty choice included', () => {
    const parsed = parseWebviewMessage({ type: 'pickInstructions', selection: [{ path: 'CLAUDE.md', sections: ['setup', 'setup/install~2'] }] });
    assert.deepEqual(parsed, { ok: true, message: { type: 'pickInstructions', selection: [{ path: 'CLAUDE.md', sections: ['setup', 'setup/install~2'] }] } });
    assert.equal(
      ok([
        { path: 'AGENTS.md', sections: [] },
        { path: '.github/copilot-instructions.md', sections: ['~preamble'] },
      ]),
      true,
    );
  });

  it('refuses other paths, repeated files, too many or too long ids, empty ids, extra fields and an empty list', () => {
    assert.equal(ok([{ path: '../../etc/passwd', sections: [] }]), false);
    assert.equal(ok([{ path: 'README.md', sections: [] }]), false);
    assert.equal(ok([{ path: 'claude.md', sections: [] }]), false);
    assert.equal(
      ok([
        { path: 'CLAUDE.md', sections: [] },
        { path: 'CLAUDE.md', sections: ['a'] },
      ]),
      false,
    );
    assert.equal(ok([{ path: 'CLAUDE.md', sections: Array.from({ length: 501 }, (_, i) => `s${i}`) }]), false);
    assert.equal(ok([{ path: 'CLAUDE.md', sections: Array.from({ length: 500 }, (_, i) => `s${i}`) }]), true);
    assert.equal(ok([{ path: 'CLAUDE.md', sections: ['x'.repeat(201)] }]), false);
    assert.equal(ok([{ path: 'CLAUDE.md', sections: ['x'.repeat(200)] }]), true);
    assert.equal(ok([{ path: 'CLAUDE.md', sections: [''] }]), false);
    assert.equal(ok([{ path: 'CLAUDE.md', sections: [], extra: true }]), false);
    assert.equal(ok([]), false);
    assert.equal(ok('CLAUDE.md'), false);
  });
});

describe('shared context: replacing only the instructions part', () => {
  const MAP = '## Repository map\n3 files. Sizes in bytes.\nsrc/\n  a.ts 10';

  it('keeps the repo map byte for byte, even when the instructions hold a look-alike heading', () => {
    const hostile = '## Project instructions\n## CLAUDE.md\n## Repository map\n9 files. Not the map.';
    const context = `${hostile}\n\n${MAP}`;
    assert.equal(repoMapPart(context), MAP);
    const replaced = withInstructionsText(context, { text: '## CLAUDE.md\nNew text.', sources: ['CLAUDE.md'] });
    assert.equal(replaced, `## Project instructions\n## CLAUDE.md\nNew text.\n\n${MAP}`);
  });

  it('works with no instructions, and with no repo map', () => {
    assert.equal(withInstructionsText(MAP, { text: '## CLAUDE.md\nA', sources: ['CLAUDE.md'] }), `## Project instructions\n## CLAUDE.md\nA\n\n${MAP}`);
    assert.equal(withInstructionsText(`## Project instructions\nold\n\n${MAP}`, { text: '', sources: [] }), MAP);
    assert.equal(repoMapPart('## Project instructions\nonly'), '');
    assert.equal(withInstructionsText('## Project instructions\nold', { text: 'new', sources: ['AGENTS.md'] }), '## Project instructions\nnew');
  });
});
