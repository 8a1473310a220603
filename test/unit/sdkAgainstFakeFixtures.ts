/** Shared setup for running @anthropic-ai/sdk against the fake Messages API: a request for a task, and a fake with a client for each test. */
import { Anthropic } from '@anthropic-ai/sdk';
import { startFakeMessagesApi, type FakeMessagesApi, type FakeMessagesApiOptions } from '../fake/messagesServer';

export const MODEL = 'claude-test-model';

export function ask(task: string, prompt = 'Go.'): Anthropic.MessageCreateParamsNonStreaming {
  return {
    model: MODEL,
    max_tokens: 1024,
    system: [{ type: 'text', text: 'Shared instructions for every agent.', cache_control: { type: 'ephemeral' } }],
    messages: [{ role: 'user', content: `Task ${task}: ${prompt}` }],
  };
}

export interface SdkSuite {
  /** Starts the fake for this test and a client for it (two retries); the fake is closed after the test. */
  readonly start: (options: FakeMessagesApiOptions) => Promise<FakeMessagesApi>;
  /** The client of the fake the test started. */
  readonly client: Anthropic;
}

/** Registers the hook in the calling `describe` that closes the fake a test started. */
export function useSdkAgainstFake(): SdkSuite {
  let fake: FakeMessagesApi | undefined;
  let client: Anthropic | undefined;

  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  return {
    start: async (options) => {
      fake = await startFakeMessagesApi(options);
      client = new Anthropic({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 2 });
      return fake;
    },
    get client() {
      if (client === undefined) throw new Error('useSdkAgainstFake: start the fake inside the test first');
      return client;
    },
  };
}
