/** The shared project context of a run planned elsewhere (a plan file, a review, a research): the project's instructions and the repo map. */
import { sharedContextText } from './contextShare';
import { readProjectInstructions } from './instructions';
import { buildRepoMap } from './repoMap';

export async function projectContext(workspaceRoot: string, request: string, signal?: AbortSignal): Promise<string> {
  const [instructions, repoMap] = await Promise.all([
    readProjectInstructions(workspaceRoot),
    buildRepoMap(workspaceRoot, { request, ...(signal !== undefined ? { signal } : {}) }),
  ]);
  return sharedContextText(instructions, repoMap);
}
