/**
 * `under-specified` (warning, one per task, no fix): instructions an agent cannot follow exactly.
 *
 * - A writing task must name at least one concrete file path: a token with a known source, config or
 *   docs extension (`src/api/user.ts`, `package.json`), or a glob or path under a common root
 *   (`src/api/**`, `test/profile/`).
 * - A writing task that owns source code (an owned entry with a programming-language extension, or a
 *   glob/folder outside docs) must give a signature: a parenthesised call or definition
 *   (`getUser(id: string)`, `useProfile()`), or a declaration: `export function|const|class|interface|
 *   type|enum|{ … }`, `function name(` / `def name(`, `interface|class|enum|struct Name`,
 *   `type Name =`. Prose such as "export the card" is not a signature. Tasks that own only styles,
 *   docs or data files need no signature.
 * - A validator must say what to report and how: a mention of report, finding(s) or format.
 * Limits: a dotted word such as "Node.js" reads as a file path, and a call in prose ("see foo(bar)")
 * as a signature, so the rule misses some vague instructions; it never needs the files to exist.
 */
import { hasGlobSyntax } from '../../plan/globIntersect';
import { isWritingTask, type PlanFinding, type TaskSpec } from '../../plan/plan';
import { ownsNormalized, type CheckedPlan } from '../../plan/planCheck';

const CODE_EXTENSIONS = 'ts|tsx|js|jsx|mjs|cjs|py|go|rs|java|kt|kts|rb|php|cs|swift|vue|svelte|scala|c|h|cc|cpp|hpp|m|dart|ex|exs|sql|sh';
const OTHER_EXTENSIONS = 'json|jsonc|md|mdx|css|scss|sass|less|html|yaml|yml|toml|txt|xml|svg|env|ini|lock|graphql|gql|prisma|proto';
const CODE_FILE = new RegExp(`\\.(?:${CODE_EXTENSIONS})$`, 'i');
const FILE_TOKEN = new RegExp(`(?:^|[^\\w.])[\\w@.\\[\\]-]*(?:/[\\w@.\\[\\]*-]+)*\\.(?:${CODE_EXTENSIONS}|${OTHER_EXTENSIONS})\\b`, 'i');
const ROOTED_PATH =
  /(?:^|[\s`'"(])\.?\/?(?:src|lib|app|apps|packages|test|tests|spec|docs|components|pages|api|server|client|config|scripts|public|styles|migrations|db)\/[\w@.[\]*/-]*/;
const CALL = /\b[A-Za-z_$][\w$.]*\((?!s\))[^()\n]*\)/;
const DECLARATIONS: readonly RegExp[] = [
  /\bexport\s+(?:default\s+)?(?:async\s+)?(?:function|const|let|var|class|interface|type|enum|abstract|\{|\*)/,
  /\b(?:function|def|fn|func)\s+[A-Za-z_$][\w$]*\s*[(<]/,
  /\b(?:interface|class|struct|enum|trait|protocol)\s+[A-Z][\w$]*/,
  /\btype\s+[A-Z][\w$]*\s*(?:<[^>\n]*>)?\s*=/,
];
const OUTPUT_FORMAT = /report|finding|format/i;
const DOC_ROOTS = /^(?:docs?|documentation|styles?|public|assets)\//i;

/** Whether the text names something path-like. */
export function namesAPath(text: string): boolean {
  return FILE_TOKEN.test(text) || ROOTED_PATH.test(text);
}

/** Whether the text gives a signature (a parenthesised call/definition or a declaration). */
export function givesSignature(text: string): boolean {
  return CALL.test(text) || DECLARATIONS.some((d) => d.test(text));
}

/** Whether owned entries (in normal form) include source code, so the instructions need a signature. */
export function ownsCode(forms: readonly string[]): boolean {
  return forms.some((normalized) => {
    if (CODE_FILE.test(normalized)) return true;
    const last = normalized.split('/').pop() ?? '';
    const openEnded = hasGlobSyntax(last) ? !/\.[A-Za-z0-9]+\}?$/.test(last) : !/\.[A-Za-z0-9]+$/.test(last);
    return openEnded && !DOC_ROOTS.test(normalized);
  });
}

function missingFor(task: TaskSpec, forms: readonly string[]): string[] {
  const text = task.instructions;
  if (!isWritingTask(task)) return OUTPUT_FORMAT.test(text) ? [] : ['what to report and in which format (findings: file, line, severity, what to change)'];
  const missing: string[] = [];
  if (!namesAPath(text)) missing.push('a concrete file path (e.g. src/feature/file.ts)');
  if (ownsCode(forms) && !givesSignature(text)) missing.push('a signature (e.g. `export function name(arg: Type): Result`)');
  return missing;
}

export function specificationFindings(plan: CheckedPlan): PlanFinding[] {
  const out: PlanFinding[] = [];
  for (const task of plan.tasks) {
    const missing = missingFor(task, ownsNormalized(plan, task));
    if (missing.length === 0) continue;
    out.push({
      severity: 'warning',
      code: 'under-specified',
      message: `Task "${task.id}" (${task.role}) has instructions without ${missing.join(', nor ')}; an agent will guess, and parallel agents will guess differently.`,
      tasks: [task.id],
      paths: [],
    });
  }
  return out;
}
