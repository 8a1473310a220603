/**
 * Fanout's stage preview page: the whole sidebar (composer, planning, plan review, run, error and
 * the history under them) rendered from fixture snapshots under the theme variables of
 * themes.css and stageThemes.css. Built by scripts/build-preview.mjs (stages); never part of the
 * extension's bundle. A page shows the stage of its data-stage attribute, or the one `?stage=` names.
 */
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import '../app.css';
import '../run/run.css';
import './themes.css';
import './stageThemes.css';
import type { WebviewToHost } from '../../src/protocol/messages';
import { Sidebar } from '../Sidebar';
import { defaultUiState, type UiState } from '../uiState';
import { FIXTURE_NOW, PREVIEW_STAGES, previewSnapshot, type PreviewStage } from './stageFixtures';

const post = (message: WebviewToHost) => console.log('[preview] post', JSON.stringify(message));
const clock = () => FIXTURE_NOW;

function Preview({ stage }: { readonly stage: PreviewStage }) {
  const [ui, setUi] = useState<UiState>({ ...defaultUiState, pattern: stage === 'compose' ? 'feature-7' : '' });
  return (
    <Sidebar
      state={{ snapshot: previewSnapshot(stage), focusRequests: 0 }}
      ui={ui}
      onUi={(patch) => setUi((u) => ({ ...u, ...patch }))}
      onRemoveContext={() => post({ type: 'backToCompose' })}
      post={post}
      now={FIXTURE_NOW}
      submitKeys="Ctrl+Enter"
      clock={clock}
    />
  );
}

const container = document.getElementById('root');
// `?stage=live8` picks a stage on any built page, so stages the build does not list can be seen too.
const wanted = new URLSearchParams(window.location.search).get('stage') ?? container?.dataset.stage;
const stage = PREVIEW_STAGES.find((s) => s === wanted) ?? 'compose';
if (container) {
  createRoot(container).render(<Preview stage={stage} />);
}
