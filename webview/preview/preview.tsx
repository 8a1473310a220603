/**
 * Fanout's preview page: the run view (or every agent-card state) rendered from fixtures under the
 * theme variables of themes.css, for screenshots and visual review outside VS Code. Built by
 * scripts/build-preview.mjs; never part of the extension's bundle.
 */
import { createRoot } from 'react-dom/client';
import '../styles.css';
import '../run/run.css';
import './themes.css';
import { CardGallery } from './CardGallery';
import { FIXTURE_NOW, fixtureState } from './fixtureState';
import { RunView } from '../run/RunView';

const log = (what: string) => (taskId?: string) => console.log(`[preview] ${what}${taskId ? ` ${taskId}` : ''}`);
const onCancelRun = () => log('cancel run')();
const onCancelAgent = log('cancel agent');
const onRetryAgent = log('retry agent');
const onReviewAgent = log('review agent');

const container = document.getElementById('root');
if (container) {
  const view =
    container.dataset.view === 'cards' ? (
      <CardGallery now={FIXTURE_NOW} />
    ) : (
      <RunView
        state={fixtureState}
        now={FIXTURE_NOW}
        onCancelRun={onCancelRun}
        onCancelAgent={onCancelAgent}
        onRetryAgent={onRetryAgent}
        onReviewAgent={onReviewAgent}
      />
    );
  createRoot(container).render(view);
}
