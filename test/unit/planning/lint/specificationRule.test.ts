import * as assert from 'node:assert/strict';
import { givesSignature, namesAPath, ownsCode } from '../../../../src/core/planning/lint/specificationRule';
import { lint, lintOptions, only, planOf, spec, withCode } from '../helpers';

const api = spec('api', 'implement', ['src/api/**']);

describe('lint: under-specified', () => {
  it('a writing task with no path and no signature: one warning listing both', () => {
    const vague = spec('ui', 'implement', ['src/ui/Profile.tsx'], {
      instructions: 'Build the profile page with a form for the name and an avatar upload, matching the rest of the app and handling errors.',
    });
    const finding = only(lint(planOf([api, vague]), lintOptions()), 'under-specified');
    assert.equal(finding.severity, 'warning');
    assert.deepEqual(finding.tasks, ['ui']);
    assert.equal(
      finding.message,
      'Task "ui" (Component) has instructions without a concrete file path (e.g. src/feature/file.ts), nor a signature (e.g. `export function name(arg: Type): Result`); an agent will guess, and parallel agents will guess differently.',
    );
    assert.equal(finding.fix, undefined);
  });

  it('a path but no signature for code: only the signature is missing', () => {
    const noSig = spec('ui', 'implement', ['src/ui/**/*.{ts,tsx}'], {
      instructions: 'Create src/ui/Profile.tsx showing the profile with a form for the name and an avatar upload; reuse the Button.',
    });
    const finding = only(lint(planOf([api, noSig]), lintOptions()), 'under-specified');
    assert.match(finding.message, /without a signature \(e\.g\./);
    assert.doesNotMatch(finding.message, /file path/);
  });

  it('styles and docs need a path but no signature', () => {
    const styles = spec('styles', 'implement', ['src/ui/profile.module.css'], {
      instructions: 'Create src/ui/profile.module.css with the container, field and error classes; reuse the spacing tokens, no new colours.',
    });
    const docs = spec('docs', 'implement', ['docs/**'], {
      instructions: 'Write docs/profile.md describing the profile page, the fields users can edit, their limits and where avatars are stored.',
    });
    assert.deepEqual(withCode(lint(planOf([api, styles, docs]), lintOptions()), 'under-specified'), []);
  });

  it('a validator must say what to report', () => {
    const silent = spec('review', 'validate', [], {
      instructions: 'Look over the profile feature and make sure it does what the request asked, paying attention to edge cases.',
    });
    const finding = only(lint(planOf([api, silent]), lintOptions()), 'under-specified');
    assert.match(finding.message, /^Task "review" \(Component\) has instructions without what to report and in which format/);
    const clear = spec('review', 'validate', [], {
      instructions: 'Check the profile feature against the request; report each problem as a finding with file and line.',
    });
    assert.deepEqual(withCode(lint(planOf([api, clear]), lintOptions()), 'under-specified'), []);
  });

  it('path, signature and code detection', () => {
    assert.equal(namesAPath('edit package.json'), true);
    assert.equal(namesAPath('everything under src/api/**'), true);
    assert.equal(namesAPath('the tests/ folder: test/profile/'), true);
    assert.equal(namesAPath('use and/or combine, e.g. like this.'), false);
    assert.equal(givesSignature('call getUser(id: string) first'), true);
    assert.equal(givesSignature('export const LIMIT = 5'), true);
    assert.equal(givesSignature('add the endpoint(s) and tests (unit and e2e)'), false);
    assert.equal(givesSignature('Export the card from the barrel and type Enter to submit.'), false);
    assert.equal(givesSignature('def load_profile(user_id):'), true);
    assert.equal(givesSignature('type ProfileState = { loading: boolean }'), true);
    assert.equal(givesSignature("export { ProfilePage } from './profile/ProfilePage'"), true);
    assert.equal(ownsCode(['src/a.css', 'docs/**']), false);
    assert.equal(ownsCode(['src/feature/**']), true, 'a folder, in normal form');
    assert.equal(ownsCode(['lib/x.py']), true);
  });
});
