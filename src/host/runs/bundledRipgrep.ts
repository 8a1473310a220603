/**
 * The ripgrep VS Code ships for its own search (`@vscode/ripgrep`), found from the application root
 * (`vscode.env.appRoot`): desktop builds unpack it next to the asar archive, code-server and the
 * server builds keep it in `node_modules`. search_text runs it in a child process; when no copy is
 * found, the engine looks for `rg` on PATH, then searches in process.
 *
 * No `vscode` import: the root comes in as a string.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

/** Where `rg` lives under an application root, most likely first. */
export function bundledRipgrepCandidates(appRoot: string, platform: NodeJS.Platform = process.platform): string[] {
  const rg = platform === 'win32' ? 'rg.exe' : 'rg';
  return [join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', rg), join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', rg)];
}

/** The first candidate that is a file, or undefined. A few stat calls, made once per window. */
export function findBundledRipgrep(appRoot: string | undefined, platform: NodeJS.Platform = process.platform): string | undefined {
  if (appRoot === undefined || appRoot === '') return undefined;
  return bundledRipgrepCandidates(appRoot, platform).find((candidate) => {
    try {
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}
