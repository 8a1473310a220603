import * as vscode from 'vscode';

const SECRET_KEY = 'fanout.anthropicApiKey';

/** Where the key came from, for messages; the key itself is never logged or shown. */
export type ApiKeySource = 'secretStorage' | 'environment';

export interface ResolvedApiKey {
  readonly key: string;
  readonly source: ApiKeySource;
}

/** The API key lives in SecretStorage, with `ANTHROPIC_API_KEY` as the fallback; never in settings. */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === SECRET_KEY) {
        this.changed.fire();
      }
    });
  }

  async resolve(): Promise<ResolvedApiKey | undefined> {
    const stored = await this.secrets.get(SECRET_KEY);
    if (stored) {
      return { key: stored, source: 'secretStorage' };
    }
    const fromEnv = process.env.ANTHROPIC_API_KEY?.trim();
    return fromEnv ? { key: fromEnv, source: 'environment' } : undefined;
  }

  async store(key: string): Promise<void> {
    await this.secrets.store(SECRET_KEY, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A light shape check so typos are caught before a request; the API has the final word. */
export function validateApiKeyInput(value: string): string | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0) {
    return 'Paste your Anthropic API key (it starts with "sk-ant-").';
  }
  if (/\s/.test(trimmed)) {
    return 'The key contains spaces or line breaks; paste it as one token.';
  }
  if (trimmed.length < 20) {
    return 'That is too short to be an Anthropic API key.';
  }
  return undefined;
}
