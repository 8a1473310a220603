/**
 * The demo's model: the fake Messages API (`src/fakeApi/`) in this process on 127.0.0.1, a free
 * port, serving the built-in scenario. Point the real SDK at it (`baseURL`, `DEMO_API_KEY`) and the
 * real planner, engine, UI and review run on the bundled sample workspace with no API key.
 *
 * The demo plans `DEMO_REQUEST` whatever the user typed (see scenario.ts): the composer offers that
 * request and labels it as the demo's. A review or a research run plays its scripted reviewers or
 * questions on the sample whatever was asked (reviewScript.ts, researchScript.ts), and its report says so.
 */
import { startFakeMessagesApi } from '../fakeApi/messagesServer';
import { DEMO_PACE, demoRoutes, outsideScript } from './scenario';

export { DEMO_REQUEST } from './scenario';

/** The key the demo server accepts (and the only one): not a secret, it reaches nothing but the demo. */
export const DEMO_API_KEY = 'fanout-demo';

export interface DemoServer {
  /** `http://127.0.0.1:PORT`, without `/v1`: the SDK's `baseURL`. */
  readonly baseURL: string;
  /** Stops listening and drops open streams. */
  close(): Promise<void>;
}

export interface DemoServerOptions {
  /**
   * Multiplies every delay of the scenario (stream pacing, the 429's retry-after). 1, the default,
   * is the pace a person watches (about 40 s for a whole run); 0 runs it as fast as possible (tests).
   */
  readonly timeScale?: number;
}

export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const scale = Math.max(0, options.timeScale ?? 1);
  const pace = { eventDelayMs: Math.round(DEMO_PACE.eventDelayMs * scale), retryAfterMs: Math.round(DEMO_PACE.retryAfterMs * scale) };
  const api = await startFakeMessagesApi({
    routes: demoRoutes(pace),
    fallback: outsideScript,
    eventDelayMs: pace.eventDelayMs,
    requireApiKey: DEMO_API_KEY,
  });
  return { baseURL: api.baseURL, close: () => api.close() };
}
