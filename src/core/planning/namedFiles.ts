/**
 * Files a request names. The router reports them; when the user picks the route themselves (no
 * classification call), they are read from the request text. Either way they are normalised the way
 * `owns` entries are, and anything that could not be owned (absolute, leaving the workspace, inside
 * .git) is dropped.
 */
import { normalizeOwnedPattern } from '../plan/ownership';

/** Extensions a bare token must end with to count as a file name ("README.md", "store.ts"). */
const FILE_EXTENSIONS = new Set(
  (
    'ts tsx mts cts js jsx mjs cjs json jsonc md mdx txt py pyi go rs java kt kts scala rb php cs fs c h cc cpp hpp m swift ' +
    'css scss sass less html htm vue svelte astro yml yaml toml ini cfg conf env sh bash zsh ps1 sql graphql gql proto xml svg lock gradle'
  ).split(' '),
);

const BARE_FILES = new Set(['Dockerfile', 'Makefile', 'Procfile', 'Gemfile', 'Rakefile', 'Jenkinsfile']);

/** Normalises named files: "/" separators, no "./", no duplicates; drops entries that cannot be owned. Keeps order. */
export function normalizeNamedFiles(files: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of files) {
    const trimmed = raw
      .trim()
      .replace(/^[`'"]+|[`'",;:]+$/g, '')
      .replace(/\\/g, '/');
    if (trimmed === '' || trimmed.includes('\0') || /^([/~]|[A-Za-z]:)/.test(trimmed) || trimmed.includes('://')) continue;
    const normalized = normalizeOwnedPattern(trimmed);
    const segments = normalized.split('/');
    if (normalized === '' || segments.includes('..') || segments.some((s) => s.toLowerCase() === '.git')) continue;
    if (!out.includes(normalized)) out.push(normalized);
  }
  return out;
}

/** Path-like tokens in free text: "src/app.ts", "README.md", "src/components/" (a folder), "Dockerfile". */
export function filesNamedIn(text: string): string[] {
  const found: string[] = [];
  for (const token of text.split(/[\s,;()[\]{}<>"'`]+/)) {
    const cleaned = token.replace(/[.:!?]+$/, '');
    if (cleaned === '' || cleaned.includes('://') || cleaned.startsWith('-')) continue;
    if (BARE_FILES.has(cleaned)) {
      found.push(cleaned);
      continue;
    }
    const last =
      cleaned
        .split('/')
        .filter((s) => s !== '')
        .pop() ?? '';
    const dot = last.lastIndexOf('.');
    const extension = dot > 0 ? last.slice(dot + 1).toLowerCase() : '';
    const folder = /^[\w.-]+(\/[\w.-]+)*\/$/.test(cleaned);
    if (folder || (/^[\w@./-]+$/.test(cleaned) && FILE_EXTENSIONS.has(extension))) found.push(cleaned);
  }
  return normalizeNamedFiles(found);
}
