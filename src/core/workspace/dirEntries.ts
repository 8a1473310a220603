/** One folder's entries, sorted by name, read synchronously; undefined when it cannot be read. Shared by the bounded synchronous walks. */
import { readdirSync, type Dirent } from 'node:fs';

export function sortedEntries(dir: string): Dirent[] | undefined {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
