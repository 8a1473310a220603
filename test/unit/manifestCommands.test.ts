/**
 * The commands of the manifest (package.json) against the code: the commands it contributes are the ones
 * the code registers, and its menus name only those commands and context keys the code sets.
 */
import * as assert from 'node:assert/strict';
import * as ids from '../../src/host/commandIds';
import type * as ReviewScmModule from '../../src/host/review/reviewScm';
import { commands, contributedCommands, matches, menus, useHostModules, valueOf, views } from './manifestFixtures';

let reviewScm: typeof ReviewScmModule;

describe('manifest (package.json) against the code', () => {
  useHostModules((modules) => {
    reviewScm = modules.reviewScm;
  });

  describe('commands', () => {
    it('contributes exactly the CommandId constants, each once, prefixed fanout. and titled', () => {
      assert.equal(contributedCommands.size, commands.length, 'a command is contributed twice');
      assert.deepEqual([...contributedCommands].sort(), Object.values(ids.CommandId).sort());
      for (const c of commands) {
        assert.match(c.command, /^fanout\./);
        assert.equal(c.category, 'Fanout', c.command);
        assert.ok(c.title.trim().length > 0, c.command);
      }
    });

    it('registers every CommandId once, through the constant', () => {
      const registered = matches(/\b\w*[rR]egister\w*\(\s*CommandId\.(\w+)\s*,/g);
      assert.deepEqual([...registered].sort(), Object.keys(ids.CommandId).sort(), 'registerCommand(CommandId.x, …) calls in src/');
      assert.deepEqual(matches(/registerCommand\(\s*['"`]([^'"`]+)/g), [], 'command ids are registered through CommandId, not as literals');
    });

    it('names in its menus only contributed commands, with an icon where the menu shows one', () => {
      for (const [menu, items] of Object.entries(menus)) {
        for (const item of items) {
          assert.ok(contributedCommands.has(item.command), `${menu}: ${item.command} is not in contributes.commands`);
          const iconShown = item.group?.startsWith('inline') === true || (item.group?.startsWith('navigation') === true && menu.endsWith('/title'));
          if (iconShown) assert.ok(commands.find((c) => c.command === item.command)?.icon, `${menu}: ${item.command} shows as an icon but has none`);
        }
      }
    });

    it('uses in when clauses only views, SCM states and context keys the code defines', () => {
      const viewIds = new Set(Object.values(views).flatMap((list) => list.map((v) => v.id)));
      const groupStates = new Set<string>([reviewScm.ContextValue.agentGroup]);
      const fileStates = [reviewScm.ContextValue.stagedFile, reviewScm.ContextValue.conflictFile];
      const ownKeys = new Set(matches(/executeCommand\(\s*'setContext',\s*(\w+)/g).map((name) => valueOf(ids, name)));
      assert.ok(ownKeys.has(ids.REVIEW_HAS_CHANGES_CONTEXT), 'setContext(REVIEW_HAS_CHANGES_CONTEXT, …) in src/');
      for (const [menu, items] of Object.entries(menus)) {
        for (const { command, when } of items) {
          for (const term of (when ?? '').split(/&&|\|\|/).map((t) => t.trim().replace(/^!/, ''))) {
            const where = `${menu} ${command}: "${term}"`;
            const [, key, op, value] = /^([\w.]+)\s*(==|!=|=~)?\s*(.*)$/.exec(term) ?? [];
            if (term === '' || term === 'false' || term === 'true') continue;
            if (key === 'view') assert.ok(viewIds.has(value ?? ''), where);
            else if (key === 'scmProvider') assert.equal(value, reviewScm.SCM_ID, where);
            else if (key === 'scmResourceGroupState') assert.ok(groupStates.has(value ?? ''), where);
            else if (key === 'scmResourceState' && op === '=~') {
              const [, source = '', flags = ''] = /^\/(.*)\/([a-z]*)$/.exec(value ?? '') ?? [];
              const pattern = new RegExp(source, flags);
              assert.ok(
                fileStates.some((s) => pattern.test(s)),
                `${where} matches no resource contextValue`,
              );
            } else assert.ok(op === undefined && ownKeys.has(key ?? ''), `${where}: unknown context key`);
          }
        }
      }
    });
  });
});
