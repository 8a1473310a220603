/**
 * The one way Fanout makes its Messages API client, so every run (extension, demo, CLI, benchmark)
 * talks to the API the same way.
 */
import Anthropic from '@anthropic-ai/sdk';
import { definedFields } from '../definedFields';

export interface ModelClientOptions {
  readonly apiKey: string;
  /** Another endpoint (a proxy, the demo's local server); the SDK's default, or ANTHROPIC_BASE_URL, when absent. */
  readonly baseURL?: string;
  /** The SDK's own retries; Fanout's engine retries each request itself, so most callers leave this alone. */
  readonly maxRetries?: number;
}

/**
 * A client with the SDK's OpenTelemetry spans off. The SDK would otherwise start a span for every
 * request on the process-wide OpenTelemetry API, which in VS Code's shared extension host can belong
 * to another extension: Fanout's requests are nobody else's to record. It also spares every request
 * the work of gathering span attributes, which Fanout never exports.
 */
export function createModelClient(options: ModelClientOptions): Anthropic {
  return new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL !== undefined && options.baseURL !== '' ? { baseURL: options.baseURL } : {}),
    ...definedFields({ maxRetries: options.maxRetries }),
    openTelemetry: false,
  });
}
