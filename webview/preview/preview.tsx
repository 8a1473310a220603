/**
 * Fanout's preview page: the run view (or every agent-card state) rendered from fixtures under the
 * theme variables of themes.css, for screenshots and visual review outside VS Code. Built by
 * scripts/build-preview.mjs; never part of the extension's bundle. `?view=unfolded` shows the live
 * eight-agent run with its header unfolded and the refused agent's line expanded.
 */
import { createRoot } from 'react-dom/client';
import '../styles.css';
import '../run/run.css';
import './themes.css';
import { CardGallery } from './CardGallery';
import { liveFleetState } from './fleetFixtures';
import { FIXTURE_NOW, fixtureState } from './fixtureState';
import { RunView } from '../run/RunView';

const log = (what: string) => (taskId?: string) => console.log(`[preview] ${what}${taskId ? ` ${taskId}` : ''}`);
const onCancelRun = () => log('cancel run')();
const onCancelAgent = log('cancel agent');
const onRetryAgent = log('retry agent');
const onReviewAgent = log('review agent');

const container = document.getElementById('root');
const view = new URLSearchParams(window.location.search).get('view') ?? container?.dataset.view;
if (container) {
  const page =
    view === 'cards' ? (
      <CardGallery now={FIXTURE_NOW} />
    ) : (
      <RunView
        state={view === 'unfolded' ? liveFleetState : fixtureState}
        now={FIXTURE_NOW}
        onCancelRun={onCancelRun}
        onCancelAgent={onCancelAgent}
        onRetryAgent={onRetryAgent}
        onReviewAgent={onReviewAgent}
        initiallyOpen={view === 'unfolded'}
        openRows={view === 'unfolded' ? ['list'] : []}
      />
    );
  createRoot(container).render(page);
}
