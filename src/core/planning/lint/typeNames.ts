/**
 * Finds the names of types a task's instructions talk about, for the missing-contract rule.
 *
 * Heuristic (deliberately narrow, to keep false positives rare):
 * - Only PascalCase identifiers count, and only in a type position:
 *   `interface X`, `type X`, `class X`, `enum X` (declarations); `X type` / `X interface` (prose);
 *   `X[]`; `<X>`, `<X,`, `, X>` (generic arguments); `name: X` / `): X` / `?: X` followed by
 *   something that ends a type (`;` `,` `)` `]` `|` `&` `>` `=` `}` a backtick or the end of a line).
 * - A one-hump name (`User`) counts only in declarations, `X[]` and generics; prose (`X type`) and
 *   annotations need two humps (`UserProfile`), so "Note: Make sure" or "type Enter" are not types.
 * - Names that a task declares as a value (`function X`, `const X`, `let X`, `var X`) are components,
 *   hooks or functions, not types, and are dropped for the whole plan.
 * - Built-ins and common library names (Promise, Record, Array, Map, Set, Date, Error, Partial,
 *   ReactNode, HTMLElement, Request, Response …) are ignored.
 * A bare capitalised word anywhere else (a sentence start, a product name) is never a type.
 * Limits: JSX (`<UserCard />`), types named only in prose without "type", and one-hump names in
 * annotations are missed; a value declared without `function`/`const` may still be taken for a type.
 */

const BUILT_INS = new Set([
  'Promise',
  'Record',
  'Array',
  'ReadonlyArray',
  'Map',
  'ReadonlyMap',
  'Set',
  'ReadonlySet',
  'WeakMap',
  'WeakSet',
  'Date',
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'Partial',
  'Required',
  'Readonly',
  'Pick',
  'Omit',
  'Exclude',
  'Extract',
  'NonNullable',
  'ReturnType',
  'Parameters',
  'Awaited',
  'InstanceType',
  'Uppercase',
  'Lowercase',
  'String',
  'Number',
  'Boolean',
  'Object',
  'Function',
  'Symbol',
  'BigInt',
  'RegExp',
  'JSON',
  'Math',
  'Intl',
  'Iterable',
  'Iterator',
  'AsyncIterable',
  'AsyncIterator',
  'Generator',
  'AsyncGenerator',
  'ArrayBuffer',
  'Uint8Array',
  'DataView',
  'Buffer',
  'URL',
  'URLSearchParams',
  'Request',
  'Response',
  'Headers',
  'FormData',
  'Blob',
  'File',
  'Event',
  'EventTarget',
  'Element',
  'HTMLElement',
  'HTMLInputElement',
  'HTMLDivElement',
  'HTMLButtonElement',
  'HTMLFormElement',
  'Node',
  'Document',
  'Window',
  'AbortSignal',
  'AbortController',
  'ReadableStream',
  'WritableStream',
  'TextEncoder',
  'TextDecoder',
  'React',
  'ReactNode',
  'ReactElement',
  'JSX',
  'FC',
  'Component',
  'PropsWithChildren',
  'ChangeEvent',
  'FormEvent',
  'MouseEvent',
  'KeyboardEvent',
  'Dispatch',
  'SetStateAction',
  'RefObject',
  'CSSProperties',
  'NodeJS',
  'NextRequest',
  'NextResponse',
  'NextApiRequest',
  'NextApiResponse',
  'Express',
  'Router',
  'Props',
  'State',
  'Context',
  'Type',
  'Interface',
  'TypeScript',
  'JavaScript',
  'GitHub',
  'GraphQL',
  'OAuth',
  'JavaDoc',
  'JSDoc',
  'PostgreSQL',
  'MySQL',
  'SQLite',
  'MongoDB',
  'NoSQL',
  'VSCode',
  'OpenAPI',
  'WebSocket',
  'IndexedDB',
  'LocalStorage',
  'ESLint',
  'PascalCase',
  'CamelCase',
  'Any',
  'Unknown',
  'Never',
  'Void',
  'Null',
  'Undefined',
  'True',
  'False',
  'None',
  'Optional',
  'List',
  'Dict',
  'Tuple',
  'Union',
  'Callable',
]);

const NAME = '[A-Z][A-Za-z0-9]*';
const TYPE_END = '(?=\\s*(?:[;,)\\]|&>=}`]|$))';
const STRONG: readonly RegExp[] = [
  new RegExp(`\\b(?:interface|type|class|enum)\\s+(${NAME})\\b`, 'g'),
  new RegExp(`\\b(${NAME})\\[\\]`, 'g'),
  new RegExp(`<\\s*(${NAME})\\s*[>,]`, 'g'),
  new RegExp(`,\\s*(${NAME})\\s*>`, 'g'),
];
const WEAK: readonly RegExp[] = [new RegExp(`\\b(${NAME})\\s+(?:type|interface)\\b`, 'g'), new RegExp(`(?:[\\w$)\\]]\\??)\\s*:\\s*(${NAME})${TYPE_END}`, 'gm')];
const VALUE_DECLARATION = new RegExp(`\\b(?:function\\*?|const|let|var)\\s+(${NAME})\\b`, 'g');

/** Two humps at least: an upper-case letter after the first character (`UserProfile`, `APIKey`). */
function isMultiHump(name: string): boolean {
  return /^[A-Z][a-z0-9]+[A-Z]/.test(name) || /^[A-Z]{2,}[a-z]/.test(name);
}

function collect(text: string, patterns: readonly RegExp[], accept: (name: string) => boolean, into: Set<string>): void {
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const name = match[1];
      if (name !== undefined && accept(name)) into.add(name);
    }
  }
}

/** Type names in one text, by the heuristic above (values declared in it are not removed here). */
export function typeNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  const known = (name: string) => !BUILT_INS.has(name) && name.length > 1;
  collect(text, STRONG, known, names);
  collect(text, WEAK, (name) => known(name) && isMultiHump(name), names);
  return names;
}

/** Names declared as values (`function X`, `const X` …) in a text. */
export function valueNamesIn(text: string): Set<string> {
  const names = new Set<string>();
  collect(text, [VALUE_DECLARATION], () => true, names);
  return names;
}

/** Whether a text mentions the name as a whole word. */
export function mentions(text: string, name: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9_$])${name}(?![A-Za-z0-9_$])`).test(text);
}
