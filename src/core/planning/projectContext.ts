/** The shared project context of a run planned elsewhere (a plan file, a review, a research): the project's instructions and the repo map. */
import { sharedContextText } from './contextShare';
import { readProjectInstructions } from './instructions';
import { buildRepoMap } from './repoMap';
import { definedFields } from '../definedFields';

export async function projectContext(workspaceRoot: string, request: string, signal?: AbortSignal): Promise<string> {
  const [instructions, repoMap] = await Promise.all([
    readProjectInstructions(workspaceRoot),
    buildRepoMap(workspaceRoot, { request, ...definedFields({ signal }) }),
  ]);
  return sharedContextText(instructions, repoMap);
}
