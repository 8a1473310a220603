/**
 * The repo map the planner (and every agent, through the shared prefix) sees: a bounded tree of the
 * repository with file sizes, and the exported symbols of the files the request most likely
 * touches. Files are ranked by how many request words their path and exported names contain; ties
 * go to path order, so the same repository and request always give the same map.
 *
 * Bound: the whole text stays within `maxBytes`. The symbols section gets at most half of it; the
 * tree gets the rest and, when the full tree does not fit, is collapsed to fewer folder levels
 * ("src/legacy/ (120 files, 1.3 MB)"), then cut.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoMap } from './types';
import { filesNamedIn } from './namedFiles';
import { listRepoFiles, type RepoFile } from './repoFiles';
import { exportedSymbols, hasSymbolSupport, overlap, wordsOf, type ExportedSymbol } from './symbols';

export const DEFAULT_REPO_MAP_BYTES = 12_000;
/** Source files read for symbols (in path order), and the largest one read. */
const MAX_SCANNED = 400;
const MAX_SCAN_BYTES = 256 * 1024;
const MAX_SYMBOL_FILES = 12;
const MAX_SYMBOLS_PER_FILE = 25;

export interface RepoMapOptions {
  readonly request: string;
  readonly maxBytes?: number;
  readonly signal?: AbortSignal;
}

interface Ranked {
  readonly file: RepoFile;
  readonly score: number;
  readonly symbols: readonly ExportedSymbol[];
}

export async function buildRepoMap(root: string, options: RepoMapOptions): Promise<RepoMap> {
  const maxBytes = options.maxBytes ?? DEFAULT_REPO_MAP_BYTES;
  const listing = await listRepoFiles(root, options.signal);
  const ranked = await rankFiles(root, listing.files, options.request, options.signal);
  const header = `${listing.files.length} files${listing.stopped ? ' (the walk stopped early; more exist)' : ''}. Sizes in bytes; .gitignore'd, dependency and build folders left out.`;
  const symbols = symbolsSection(ranked, Math.floor(maxBytes / 2));
  const treeBudget = maxBytes - bytes(header) - bytes(symbols.text) - 4;
  const tree = treeSection(listing.files, treeBudget);
  const text = [header, tree.text, symbols.text].filter((part) => part !== '').join('\n\n');
  const bounded = cutToBytes(text, maxBytes);
  return {
    text: bounded,
    files: listing.files.length,
    truncated: listing.stopped || tree.cut || symbols.cut || bounded !== text,
  };
}

async function rankFiles(root: string, files: readonly RepoFile[], request: string, signal?: AbortSignal): Promise<Ranked[]> {
  const requestWords = wordsOf(request);
  const named = new Set(filesNamedIn(request));
  const ranked: Ranked[] = [];
  let scanned = 0;
  for (const file of files) {
    signal?.throwIfAborted();
    let symbols: ExportedSymbol[] = [];
    if (hasSymbolSupport(file.path) && file.bytes <= MAX_SCAN_BYTES && scanned < MAX_SCANNED) {
      scanned += 1;
      try {
        symbols = exportedSymbols(file.path, await readFile(join(root, file.path), 'utf8'));
      } catch {
        symbols = [];
      }
    }
    const pathScore = overlap(requestWords, wordsOf(file.path));
    const symbolScore = overlap(requestWords, wordsOf(symbols.map((s) => s.name).join(' ')));
    const namedScore = named.has(file.path) || [...named].some((n) => file.path.endsWith(`/${n}`)) ? 10 : 0;
    const score = namedScore + 2 * pathScore + symbolScore;
    if (score > 0 && symbols.length > 0) ranked.push({ file, score, symbols });
  }
  // Stable sort keeps path order among equal scores.
  return ranked.sort((a, b) => b.score - a.score);
}

function symbolsSection(ranked: readonly Ranked[], budget: number): { text: string; cut: boolean } {
  const title = 'Exported symbols of the files most related to the request:';
  if (ranked.length === 0) return { text: '', cut: false };
  const blocks: string[] = [];
  let used = bytes(title);
  let cut = ranked.length > MAX_SYMBOL_FILES;
  for (const { file, symbols } of ranked.slice(0, MAX_SYMBOL_FILES)) {
    const shown = symbols.slice(0, MAX_SYMBOLS_PER_FILE).map((s) => `  ${s.signature}`);
    if (symbols.length > MAX_SYMBOLS_PER_FILE) shown.push(`  … ${symbols.length - MAX_SYMBOLS_PER_FILE} more`);
    const block = `${file.path}\n${shown.join('\n')}`;
    if (used + bytes(block) + 1 > budget) {
      cut = true;
      break;
    }
    blocks.push(block);
    used += bytes(block) + 1;
  }
  return blocks.length === 0 ? { text: '', cut: true } : { text: `${title}\n${blocks.join('\n')}`, cut };
}

interface Folder {
  readonly files: RepoFile[];
  readonly folders: Map<string, Folder>;
  count: number;
  total: number;
}

function folderTree(files: readonly RepoFile[]): Folder {
  const root: Folder = { files: [], folders: new Map(), count: 0, total: 0 };
  for (const file of files) {
    const segments = file.path.split('/');
    let node = root;
    node.count += 1;
    node.total += file.bytes;
    for (const segment of segments.slice(0, -1)) {
      let child = node.folders.get(segment);
      if (!child) {
        child = { files: [], folders: new Map(), count: 0, total: 0 };
        node.folders.set(segment, child);
      }
      child.count += 1;
      child.total += file.bytes;
      node = child;
    }
    node.files.push(file);
  }
  return root;
}

/** Indented tree lines, folders first; folders below `depth` are shown as one summary line. */
function treeLines(node: Folder, depth: number, indent = ''): string[] {
  const lines: string[] = [];
  for (const name of [...node.folders.keys()].sort()) {
    const child = node.folders.get(name) as Folder;
    if (depth <= 0) {
      lines.push(`${indent}${name}/ (${child.count} files, ${child.total})`);
    } else {
      lines.push(`${indent}${name}/`);
      lines.push(...treeLines(child, depth - 1, `${indent}  `));
    }
  }
  for (const file of node.files) lines.push(`${indent}${file.path.slice(file.path.lastIndexOf('/') + 1)} ${file.bytes}`);
  return lines;
}

function treeSection(files: readonly RepoFile[], budget: number): { text: string; cut: boolean } {
  if (files.length === 0) return { text: 'Files: (none)', cut: false };
  const root = folderTree(files);
  // Folder nesting of the deepest file: at that depth nothing is summarised.
  const levels = Math.max(...files.map((f) => f.path.split('/').length - 1));
  for (let depth = levels; depth >= 0; depth -= 1) {
    const text = `Files:\n${treeLines(root, depth).join('\n')}`;
    if (bytes(text) <= budget) return { text, cut: depth < levels };
  }
  return { text: cutToBytes(`Files:\n${treeLines(root, 0).join('\n')}`, budget), cut: true };
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Whole lines up to `max` bytes, with a marker line when something was cut. */
function cutToBytes(text: string, max: number): string {
  if (bytes(text) <= max) return text;
  const marker = '… (cut to stay within the map size)';
  const out: string[] = [];
  let used = bytes(marker) + 1;
  for (const line of text.split('\n')) {
    if (used + bytes(line) + 1 > max) break;
    out.push(line);
    used += bytes(line) + 1;
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n${marker}`;
}
