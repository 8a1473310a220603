/**
 * Exported symbols by regular expression (no parser: the map is a hint for the planner, not a
 * compiler): TS/JS `export function|class|interface|type|const|let|var|enum|default`, re-exports,
 * and top-level Python `def` / `class`. Plus the word splitting used to rank files by a request.
 */

export interface ExportedSymbol {
  readonly name: string;
  /** The declaration line, trimmed and cut before the body: "export function add(a: number): number". */
  readonly signature: string;
}

const MAX_SIGNATURE = 160;

const TS_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const PY_EXTENSIONS = /\.(py|pyi)$/;

const TS_DECLARATION =
  /^export\s+(?:declare\s+)?(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(function\*?|class|interface|type|const|let|var|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const TS_DEFAULT = /^export\s+default\s+(?!function|class|abstract|async)(.+)/;
const TS_REEXPORT = /^export\s+(?:type\s+)?(\{[^}]*\}|\*(?:\s+as\s+\w+)?)\s*(?:from\s+['"][^'"]+['"])?/;
const PY_DECLARATION = /^(?:async\s+)?(def|class)\s+([A-Za-z_]\w*)/;

/** Whether symbols can be read from this path. */
export function hasSymbolSupport(path: string): boolean {
  return TS_EXTENSIONS.test(path) || PY_EXTENSIONS.test(path);
}

export function exportedSymbols(path: string, content: string): ExportedSymbol[] {
  if (TS_EXTENSIONS.test(path)) return tsSymbols(content);
  if (PY_EXTENSIONS.test(path)) return pySymbols(content);
  return [];
}

function tsSymbols(content: string): ExportedSymbol[] {
  const out: ExportedSymbol[] = [];
  for (const line of content.split('\n')) {
    if (!line.startsWith('export')) continue;
    const declaration = TS_DECLARATION.exec(line);
    if (declaration) {
      out.push({ name: declaration[2], signature: signatureOf(line) });
      continue;
    }
    const fallback = TS_DEFAULT.exec(line);
    if (fallback) {
      out.push({ name: 'default', signature: signatureOf(line) });
      continue;
    }
    const reexport = TS_REEXPORT.exec(line);
    if (reexport) out.push({ name: reexport[1].replace(/\s+/g, ' '), signature: signatureOf(line) });
  }
  return out;
}

function pySymbols(content: string): ExportedSymbol[] {
  const out: ExportedSymbol[] = [];
  for (const line of content.split('\n')) {
    const match = PY_DECLARATION.exec(line);
    // Top level only, and leading underscores mean private by convention.
    if (match && !match[2].startsWith('_')) out.push({ name: match[2], signature: signatureOf(line) });
  }
  return out;
}

/** The declaration without its body or initializer, on one line. */
function signatureOf(line: string): string {
  let s = line.trim();
  const body = s.search(/\s*(\{\s*$|=>\s*\{?\s*$|:\s*$)/);
  if (body > 0 && !/^export\s+(type\s+)?\{/.test(s)) s = s.slice(0, body);
  s = s.replace(/\s*\{\s*$/, '').replace(/;\s*$/, '');
  return s.length > MAX_SIGNATURE ? `${s.slice(0, MAX_SIGNATURE - 1)}…` : s;
}

const STOP_WORDS = new Set(
  (
    'the and for with that this from into onto when then than them they their there these those what which while where will ' +
    'would should could can may must have has had not but all any each every some more most also only just make makes made ' +
    'add adds added use uses using used new get set let its our your you are was were been being does did done how why who ' +
    'please want need needs like able via per about after before over under same other file files code feature change changes ' +
    'implement support work works page'
  ).split(' '),
);

/** Lower-case words of identifiers and prose: camelCase and snake_case split, plurals folded, stop words dropped. */
export function wordsOf(text: string): Set<string> {
  const words = new Set<string>();
  const spaced = text.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  for (const raw of spaced.toLowerCase().split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || STOP_WORDS.has(raw) || /^\d+$/.test(raw)) continue;
    words.add(stem(raw));
  }
  return words;
}

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** How many request words a set of words contains (a word also counts when one is a prefix of the other, 4+ letters). */
export function overlap(requestWords: ReadonlySet<string>, words: ReadonlySet<string>): number {
  let score = 0;
  for (const r of requestWords) {
    if (words.has(r)) {
      score += 1;
      continue;
    }
    for (const w of words) {
      if (r.length >= 4 && w.length >= 4 && (w.startsWith(r) || r.startsWith(w))) {
        score += 0.5;
        break;
      }
    }
  }
  return score;
}
