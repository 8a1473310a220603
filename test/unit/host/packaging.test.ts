/**
 * What the .vsix is made of, checked without packaging: the manifest names a 128×128 PNG icon and a
 * banner, contributes "Fanout: Try the Demo"; .vscodeignore lets in the demo project the command
 * copies and keeps the headless CLI out; the Marketplace README (marketplace/README.md, the package's
 * README) lists every setting and every command a user can run from the palette, and its images are
 * PNGs that exist and ship.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import picomatch from 'picomatch';
import { z } from 'zod';
import { CommandId } from '../../../src/host/commandIds';
import { DEMO_SOURCE_SEGMENTS } from '../../../src/host/tryDemoCopy';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const manifest = z
  .object({
    icon: z.string(),
    galleryBanner: z.object({ color: z.string().regex(/^#[0-9a-fA-F]{6}$/), theme: z.enum(['dark', 'light']) }),
    contributes: z.object({
      commands: z.array(z.object({ command: z.string(), title: z.string(), category: z.string() })),
      menus: z.record(z.string(), z.array(z.object({ command: z.string(), when: z.string().optional() }))),
      configuration: z.object({ properties: z.record(z.string(), z.unknown()) }),
    }),
  })
  .parse(JSON.parse(read('package.json')));

/** Whether .vscodeignore lets `path` into the package: vsce leaves out what any pattern matches, unless a "!" pattern lets it back in. */
function shipped(path: string): boolean {
  const lines = read('.vscodeignore')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const options = { dot: true };
  const excluded = lines.filter((l) => !l.startsWith('!')).some((p) => picomatch.isMatch(path, p, options));
  const included = lines.filter((l) => l.startsWith('!')).some((p) => picomatch.isMatch(path, p.slice(1), options));
  return !excluded || included;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const bytes = readFileSync(join(ROOT, path));
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG', `${path} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('the .vsix contents', () => {
  it('has a 128×128 PNG icon and a gallery banner', () => {
    assert.match(manifest.icon, /\.png$/);
    assert.deepEqual(pngSize(manifest.icon), { width: 128, height: 128 });
    assert.ok(shipped(manifest.icon), `${manifest.icon} is left out by .vscodeignore`);
  });

  it('contributes "Fanout: Try the Demo" and ships the demo project it copies, but not the headless CLI', () => {
    const command = manifest.contributes.commands.find((c) => c.command === CommandId.tryDemo);
    assert.equal(`${command?.category}: ${command?.title}`, 'Fanout: Try the Demo');
    const demo = DEMO_SOURCE_SEGMENTS.join('/');
    for (const file of ['package.json', 'src/todo.ts', '.gitignore', 'CLAUDE.md']) {
      assert.ok(existsSync(join(ROOT, 'samples', 'demo-workspace', file)), `samples/demo-workspace/${file}`);
      assert.ok(shipped(`${demo}/${file}`), `${demo}/${file} is left out by .vscodeignore`);
    }
    assert.ok(shipped('dist/extension.js'));
    assert.ok(!shipped('dist/cli.js'), 'dist/cli.js would be packaged');
    for (const left of ['dist/extension.js.map', 'src/extension.ts', 'samples/demo-workspace/package.json', 'README.md', 'media/renderIcon.mjs']) {
      assert.ok(!shipped(left), `${left} would be packaged`);
    }
    assert.match(read('esbuild.mjs'), /cpSync\('samples\/demo-workspace', 'dist\/demo-workspace'/, 'the build copies the sample to where the command reads it');
  });

  describe('the Marketplace README', () => {
    const readme = read('marketplace/README.md');

    it('is the one packaged', () => {
      assert.match(read('scripts/package.sh'), /--readme-path marketplace\/README\.md/);
    });

    it('lists every setting', () => {
      const missing = Object.keys(manifest.contributes.configuration.properties).filter((id) => {
        // `fanout.effort.router` / `.planner` …: a row may name a family by its first member and the others by suffix.
        const [family, last] = [id.slice(0, id.lastIndexOf('.')), id.slice(id.lastIndexOf('.'))];
        return !readme.includes(`\`${id}\``) && !(readme.includes(`\`${family}.`) && readme.includes(`\`${last}\``));
      });
      assert.deepEqual(missing, []);
    });

    it('lists every command the palette shows', () => {
      const hidden = new Set((manifest.contributes.menus['commandPalette'] ?? []).filter((m) => m.when === 'false').map((m) => m.command));
      const missing = manifest.contributes.commands.filter((c) => !hidden.has(c.command) && !readme.includes(c.title)).map((c) => c.title);
      assert.deepEqual(missing, []);
    });

    it('shows only PNG images that exist and ship, by paths from the repository root', () => {
      const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '');
      assert.ok(images.length > 0, 'a screenshot');
      for (const image of images) {
        assert.match(image, /^media\/[\w-]+\.png$/);
        assert.ok(existsSync(join(ROOT, image)), `${image} does not exist`);
        assert.ok(shipped(image), `${image} is left out by .vscodeignore`);
      }
    });
  });
});
