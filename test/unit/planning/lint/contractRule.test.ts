import * as assert from 'node:assert/strict';
import { mentions, typeNamesIn, valueNamesIn } from '../../../../src/core/planning/lint/typeNames';
import { applyFixAndCheck, lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

const api = spec('api', 'implement', ['src/api/profile.ts'], {
  instructions:
    'In src/api/profile.ts export `export interface UserProfile { id: string; name: string }` and `export function getProfile(id: string): Promise<UserProfile>`.',
});
const ui = spec('ui', 'implement', ['src/ui/ProfileCard.tsx'], {
  instructions:
    'In src/ui/ProfileCard.tsx export `export function ProfileCard(props: { profile: UserProfile; sessions: SessionInfo[] }): JSX.Element` that renders the name.',
});
const hooks = spec('hooks', 'implement', ['src/hooks/useSessions.ts'], {
  instructions: 'In src/hooks/useSessions.ts export `export function useSessions(): SessionInfo[]` that reads the sessions from the API client.',
});

describe('lint: missing-contract', () => {
  it('two parallel tasks sharing types with no contract: one warning naming each type and its tasks', () => {
    const plan = planOf([api, ui, hooks]);
    const finding = only(lint(plan, lintOptions()), 'missing-contract');
    assert.equal(finding.severity, 'warning');
    assert.equal(
      finding.message,
      'Tasks that run in parallel share types that no contract task defines and the repository does not export: UserProfile (api, ui); SessionInfo (ui, hooks). Each agent may invent its own version; add a contract task that defines them first.',
    );
    assert.deepEqual(finding.tasks, ['api', 'ui', 'hooks']);
  });

  it('the fix adds a Types contract task owning src/types.ts that every user depends on', () => {
    const plan = planOf([api, ui, hooks]);
    const finding = only(lint(plan, lintOptions()), 'missing-contract');
    assert.equal(finding.fix?.title, 'Add a contract task "contract" owning src/types.ts');
    const fixed = applyFixAndCheck(plan, finding);
    const contract = fixed.tasks[0];
    assert.equal(contract?.id, 'contract');
    assert.equal(contract?.phase, 'contract');
    assert.equal(contract?.role, 'Types');
    assert.deepEqual(contract?.owns, ['src/types.ts']);
    assert.match(
      contract?.instructions ?? '',
      /`export interface UserProfile \{ … \}`.*used by api, ui\n.*`export interface SessionInfo \{ … \}`.*used by ui, hooks/s,
    );
    assert.deepEqual(
      fixed.tasks.map((t) => [t.id, t.dependsOn]),
      [
        ['contract', []],
        ['api', ['contract']],
        ['ui', ['contract']],
        ['hooks', ['contract']],
      ],
    );
    assert.deepEqual(lint(fixed, lintOptions()), []);
  });

  it('picks contract-2 and src/contracts/<type>.ts when the id and src/types.ts are taken', () => {
    const taken = spec('contract', 'implement', ['src/types.ts', 'src/contract.ts']);
    const plan = planOf([taken, api, ui]);
    const finding = only(lint(plan, lintOptions()), 'missing-contract');
    const fixed = applyFixAndCheck(plan, finding);
    const added = fixed.tasks.find((t) => t.id === 'contract-2');
    assert.deepEqual(added?.owns, ['src/contracts/user-profile.ts']);
  });

  it('no finding when a contract task mentions the types', () => {
    const types = spec('types', 'contract', ['src/types/profile.ts'], {
      instructions:
        'Create src/types/profile.ts with `export interface UserProfile { id: string; name: string }` and `export interface SessionInfo { id: string }`.',
    });
    assert.deepEqual(withCode(lint(planOf([types, api, ui, hooks]), lintOptions()), 'missing-contract'), []);
  });

  it('no finding when the tasks sharing a type wait for each other', () => {
    const ordered = { ...ui, dependsOn: ['api', 'hooks'] };
    assert.deepEqual(withCode(lint(planOf([api, ordered, hooks]), lintOptions()), 'missing-contract'), []);
  });

  it('validators do not count as users of a type', () => {
    const review = spec('review', 'validate', [], { instructions: 'Check every use of `UserProfile` and report findings with file and line.' });
    assert.deepEqual(withCode(lint(planOf([api, review]), lintOptions()), 'missing-contract'), []);
  });

  it('no finding for built-ins, sentence starts, plain prose or components declared as functions', () => {
    const a = spec('a', 'implement', ['src/a.ts'], {
      instructions:
        'Create src/a.ts. Note: Make sure `load(): Promise<Record<string, Date>>` returns Error[] on failure. Export `export function ProfilePage(): JSX.Element`.',
    });
    const b = spec('b', 'implement', ['src/b.ts'], {
      instructions:
        "Create src/b.ts with `routes: Array<Route>`? No: add `{ path: '/p', element: ProfilePage, auth: true }`. Create a Map<string, Set<number>> cache; Users type their name.",
    });
    assert.deepEqual(withCode(lint(planOf([a, b]), lintOptions()), 'missing-contract'), []);
  });
});

describe('type name heuristic', () => {
  it('finds declarations, arrays, generics and two-hump annotations', () => {
    const text =
      'Declare interface User and type Role. Return Order[] and Promise<Invoice>, Map<string, Payment>. Take `opts: SearchOptions)` and the PageState type.';
    assert.deepEqual([...typeNamesIn(text)].sort(), ['Invoice', 'Order', 'PageState', 'Payment', 'Role', 'SearchOptions', 'User']);
  });

  it('skips one-hump annotations, prose words and built-ins', () => {
    assert.deepEqual([...typeNamesIn('Note: Make sure. Then: Create it. value: Date; items: ReadonlyArray<string>; The Users type is ok.')], []);
  });

  it('values and whole-word mentions', () => {
    assert.deepEqual([...valueNamesIn('export function ProfilePage() and const UserStore = create()')], ['ProfilePage', 'UserStore']);
    assert.equal(mentions('uses UserProfile.', 'UserProfile'), true);
    assert.equal(mentions('uses UserProfileCard', 'UserProfile'), false);
  });
});
