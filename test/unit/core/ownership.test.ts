import * as assert from 'node:assert/strict';
import {
  findOwnershipOverlaps,
  formsOverlap,
  isOwnedBy,
  matchesOwned,
  matchesOwnedForm,
  normalizeOwnedPattern,
  ownerOf,
  patternsOverlap,
} from '../../../src/core/plan/ownership';
import { plan, task } from './fixtures';

describe('ownership: glob overlap', () => {
  const overlapping: [string, string][] = [
    ['src/api/user.ts', 'src/api/user.ts'],
    ['src/**', 'src/api/user.ts'],
    ['src/*.ts', 'src/**/index.ts'],
    ['src/api', 'src/api/user.ts'],
    ['src/api/', 'src/api/x.ts'],
    ['./src/x.ts', 'src/x.ts'],
    ['**/*.ts', 'lib/a.ts'],
    ['**', 'README.md'],
    ['src/{a,b}/*.ts', 'src/b/x.ts'],
    ['src/*/index.ts', 'src/**/index.ts'],
    ['src/[ab].ts', 'src/b.ts'],
    ['src/?.ts', 'src/x.ts'],
    ['src/a*.ts', 'src/*b.ts'],
    ['src/**/test/**', '**/test/*.spec.ts'],
    ['src/{1..3}.ts', 'src/2.ts'],
    ['src/+(a|b).ts', 'src/a.ts'],
    ['SRC/A.ts', 'src/a.ts'],
    ['src/**', 'src/.env'],
    ['app/[id]/page.tsx', 'app/*/page.tsx'],
    ['app/[id]', 'app/**/page.tsx'],
    ['src/[^a].ts', 'src/b.ts'],
  ];
  for (const [a, b] of overlapping) {
    it(`finds ${a} and ${b} overlapping, both ways`, () => {
      assert.equal(patternsOverlap(a, b), true);
      assert.equal(patternsOverlap(b, a), true);
    });
  }

  const separate: [string, string][] = [
    ['src/a/**', 'src/b/**'],
    ['src/*.ts', 'src/*.js'],
    ['src/*.ts', 'src/api/user.ts'],
    ['src/a.ts', 'src/a.tsx'],
    ['src/[ab].ts', 'src/c.ts'],
    ['src/[^a].ts', 'src/a.ts'],
    ['lib/**', 'src/**'],
    ['src/api', 'src/api2/x.ts'],
    ['src/{a,b}/x.ts', 'src/c/x.ts'],
    ['src/?.ts', 'src/ab.ts'],
    ['docs/**/*.md', 'src/**/*.md'],
  ];
  for (const [a, b] of separate) {
    it(`keeps ${a} and ${b} apart`, () => {
      assert.equal(patternsOverlap(a, b), false);
      assert.equal(patternsOverlap(b, a), false);
    });
  }

  it('never misses an overlap that a concrete path proves (seeded exhaustive check)', () => {
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const globSegments = ['a', 'b', 'ab', '*', '**', 'a*', '*b', '?', '[ab]', '{a,b}', 'x.ts', '*.ts', '{a,ab}*'];
    const names = ['a', 'b', 'ab', 'ba', 'x.ts', 'a.ts'];
    const paths: string[] = [];
    for (const x of names) {
      paths.push(x);
      for (const y of names) {
        paths.push(`${x}/${y}`);
        for (const z of names) paths.push(`${x}/${y}/${z}`);
      }
    }
    const randomPattern = () => Array.from({ length: 1 + rand(3) }, () => globSegments[rand(globSegments.length)]).join('/');
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const a = randomPattern();
      const b = randomPattern();
      const witness = paths.find((p) => matchesOwned(p, a) && matchesOwned(p, b));
      if (witness !== undefined) {
        checked++;
        assert.equal(patternsOverlap(a, b), true, `${a} vs ${b} share ${witness}`);
      }
    }
    assert.ok(checked > 50, `only ${checked} overlapping pairs were generated`);
  });

  it('decides plain paths exactly: they meet when one is the other or a folder of it', () => {
    const names = ['a', 'b', 'ab', 'a.ts', 'a.tsx'];
    const paths = names.flatMap((x) => [x, ...names.flatMap((y) => [`${x}/${y}`, ...names.map((z) => `${x}/${y}/${z}`)])]);
    let overlapping = 0;
    for (const a of paths) {
      for (const b of paths) {
        // For two plain paths, the longer one (when both own it) is the only witness needed.
        const shared = matchesOwned(a, b) || matchesOwned(b, a);
        assert.equal(patternsOverlap(a, b), shared, `${a} vs ${b}`);
        if (shared) overlapping++;
      }
    }
    assert.ok(overlapping > paths.length, `only ${overlapping} overlapping pairs`);
  });
});

describe('ownership: who owns a path', () => {
  const thePlan = plan(
    task('types', 'contract', ['src/types/**']),
    task('api', 'implement', ['src/api/*.ts'], ['types']),
    task('integration', 'implement', ['src/index.ts', 'package.json'], ['api']),
    task('review', 'validate', ['src/**']),
  );

  it('normalises entries', () => {
    assert.equal(normalizeOwnedPattern('./src//api/'), 'src/api/**');
    assert.equal(normalizeOwnedPattern('src/./x/../y.ts'), 'src/y.ts');
  });

  it('the …Form functions take entries already in normal form, as a checked plan carries them', () => {
    assert.equal(formsOverlap('src/api/**', 'SRC/API/user.ts'), true, 'overlap is case-insensitive');
    assert.equal(formsOverlap('src/a/**', 'src/b/**'), false);
    assert.equal(matchesOwnedForm('src/api/user.ts', 'src/api/**'), true);
    assert.equal(matchesOwnedForm('src/api/user.ts', ''), false, 'an empty entry owns nothing');
    const a = task('a', 'implement', ['./src//']);
    const b = task('b', 'implement', ['src/x.ts']);
    const v = task('v', 'validate', ['src/**']);
    const overlaps = findOwnershipOverlaps([
      { task: a, entries: [{ pattern: './src//', form: 'src/**' }] },
      { task: b, entries: [{ pattern: 'src/x.ts', form: 'src/x.ts' }] },
      { task: v, entries: [{ pattern: 'src/**', form: 'src/**' }] },
    ]);
    assert.deepEqual(overlaps, [{ first: a, second: b, firstPattern: './src//', secondPattern: 'src/x.ts', firstForm: 'src/**', secondForm: 'src/x.ts' }]);
  });

  it('finds the writing task whose owns match', () => {
    assert.equal(ownerOf('src/types/user.ts', thePlan)?.id, 'types');
    assert.equal(ownerOf('src/api/user.ts', thePlan)?.id, 'api');
    assert.equal(ownerOf('src/index.ts', thePlan)?.id, 'integration');
    assert.equal(ownerOf('src/api/deep/user.ts', thePlan), undefined);
    assert.equal(ownerOf('README.md', thePlan), undefined);
  });

  it('never makes a validator an owner, whatever its owns say', () => {
    const review = thePlan.tasks[3];
    assert.ok(review);
    assert.equal(isOwnedBy('src/other.ts', review), false);
    assert.equal(ownerOf('src/other.ts', thePlan), undefined);
  });

  it('treats NFC and NFD spellings of a name as one path, in the overlap check and in ownership', () => {
    const nfc = 'src/Caf\u00e9.ts';
    const nfd = 'src/Cafe\u0301.ts';
    assert.equal(patternsOverlap(nfc, nfd), true);
    assert.equal(patternsOverlap('src/Caf\u00e9/**', 'src/cafe\u0301/x.ts'), true, 'with case folded too');
    assert.equal(patternsOverlap('src/Caf[\u00e9]/*.ts', 'src/Cafe\u0301/x.ts'), true, 'a class that holds the composed character');
    const first = task('first', 'implement', [nfc]);
    const second = task('second', 'implement', [nfd]);
    assert.equal(findOwnershipOverlaps([first, second].map((t) => ({ task: t, entries: [{ pattern: t.owns[0] ?? '', form: t.owns[0] ?? '' }] }))).length, 1);
    assert.equal(isOwnedBy(nfd, first), true);
    assert.equal(isOwnedBy('src/Cafe\u0301/x.ts', task('g', 'implement', ['src/Caf\u00e9/*.ts'])), true);
    assert.equal(ownerOf(nfc, plan(second))?.id, 'second');
  });

  it('matches case-sensitively and treats a literal entry as a folder too', () => {
    const api = task('api', 'implement', ['src/api', 'app/[id]/page.tsx']);
    assert.equal(isOwnedBy('src/api/user.ts', api), true);
    assert.equal(isOwnedBy('src/API/user.ts', api), false);
    assert.equal(isOwnedBy('src/apix.ts', api), false);
    assert.equal(isOwnedBy('app/[id]/page.tsx', api), true);
  });
});
