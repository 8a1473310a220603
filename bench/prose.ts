/**
 * Deterministic text for the realistic-stream scenario: reasoning summaries, narration lines and the
 * module an agent writes, of a given length, naming the agent's task so no two agents stream the
 * same bytes.
 */

export type Step = 'read' | 'write' | 'finish';

const REASONING: Readonly<Record<Step, readonly string[]>> = {
  read: [
    'The task asks for one new module built on the shared Item type, and nothing else in the workspace is mine to change.',
    'Before writing anything I want to see exactly how src/shared.ts declares Item: the field names, whether they are readonly, and what else the file exports.',
    "If the fields are readonly the helpers I write should not try to mutate an item, and a comparator should sort copies rather than the caller's array.",
    'The plan says other agents write their own modules at the same time, so I should not rely on anything they produce and should import only from the shared file.',
    'Reading the file first costs one turn but saves guessing at the shape and having to rewrite the module afterwards.',
  ],
  write: [
    'Item has a readonly numeric id and a readonly name, and the file exports a VERSION constant that I do not need.',
    'The module should offer a display formatter, a stable comparator by name then id, and a lookup index from id to item.',
    'A Map keyed by id keeps the lookup constant time, and building it in one pass over the input keeps the function small.',
    'I will write the whole file in one call, with type-only imports so the module adds nothing at runtime beyond its own functions.',
  ],
  finish: [
    'The module is staged with the three helpers and imports only the shared type.',
    'Nothing else needed changing, so the summary can say what the file offers and stop there.',
  ],
};

const NARRATION: Readonly<Record<Step, string>> = {
  read: 'Let me read src/shared.ts first to see how Item is declared before I write the module for',
  write: 'Item is a readonly id and name; writing the module with a formatter, a comparator and an index for',
  finish: 'The module is written and staged; finishing with a short summary of',
};

/** Cuts `value` to at most `chars` characters at a word boundary. */
function cut(value: string, chars: number): string {
  if (value.length <= chars) return value;
  const head = value.slice(0, chars);
  const space = head.lastIndexOf(' ');
  return space > 0 ? head.slice(0, space) : head;
}

/** A reasoning summary of about `chars` characters for one step of `taskId`'s work. */
export function reasoning(taskId: string, step: Step, chars: number): string {
  const sentences = REASONING[step];
  const parts: string[] = [`Task ${taskId}.`];
  for (let i = 0; parts.join(' ').length < chars; i += 1) parts.push(sentences[i % sentences.length] as string);
  return cut(parts.join(' '), chars);
}

/** The line the model writes before its tool call. */
export function narration(taskId: string, step: Step): string {
  return `${NARRATION[step]} ${taskId}.`;
}

/** A TypeScript module of about `chars` characters built on the shared Item type. */
export function writtenModule(ident: string, chars: number): string {
  const lines = [
    "import type { Item } from './shared';",
    '',
    `/** How ${ident} shows an item in lists and messages. */`,
    `export function format_${ident}(item: Item): string {`,
    '  return `#${item.id} ${item.name}`;',
    '}',
    '',
    `/** Orders items by name, then id, without touching the input. */`,
    `export function sort_${ident}(items: readonly Item[]): Item[] {`,
    '  return [...items].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);',
    '}',
    '',
    `/** Items by id; a later item with the same id replaces an earlier one. */`,
    `export function index_${ident}(items: readonly Item[]): ReadonlyMap<number, Item> {`,
    '  const byId = new Map<number, Item>();',
    '  for (const item of items) byId.set(item.id, item);',
    '  return byId;',
    '}',
    '',
  ];
  let body = lines.join('\n');
  for (let n = 1; body.length < chars; n += 1) {
    body += `\nexport const ${ident}_label_${n} = (item: Item): string => \`${ident} ${n}: \${item.name}\`;\n`;
  }
  return body;
}
