/**
 * A read-only file system for the `fanout-staged` scheme: the agent's proposed content of a staged
 * file, an empty file for a staged delete (so the diff shows the removal), and an empty file for
 * the `empty` side of a create. It is registered at activation, so diff tabs restored after a
 * window reload resolve: the run is loaded from disk on first read. Change events are batched.
 */
import * as vscode from 'vscode';
import type { ReviewChange, ReviewModel } from './reviewModel';
import { fromStagedUri, Scheme } from './stagedUri';

const BATCH_MS = 20;
const encoder = new TextEncoder();

export class StagedFileSystemProvider implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;
  /** URIs read so far, by string, so a change of their run can be announced. */
  private readonly served = new Map<string, vscode.Uri>();
  private readonly queued = new Map<string, vscode.FileChangeEvent>();
  private timer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ReviewModel) {
    this.subscription = model.onDidChange((change) => this.runsChanged(change));
  }

  /** Registers the provider for the staged scheme, read-only. */
  static register(model: ReviewModel): vscode.Disposable {
    const provider = new StagedFileSystemProvider(model);
    const registration = vscode.workspace.registerFileSystemProvider(Scheme.Staged, provider, { isReadonly: true, isCaseSensitive: true });
    return vscode.Disposable.from(registration, provider);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const content = await this.content(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.byteLength, permissions: vscode.FilePermission.Readonly };
  }

  readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return this.content(uri);
  }

  readDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.FileNotADirectory(uri);
  }

  createDirectory(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  writeFile(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  delete(uri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(oldUri: vscode.Uri): never {
    throw vscode.FileSystemError.NoPermissions(oldUri);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.subscription.dispose();
    this.changes.dispose();
  }

  private async content(uri: vscode.Uri): Promise<Uint8Array> {
    const parsed = fromStagedUri(uri);
    if (!parsed) throw vscode.FileSystemError.FileNotFound(uri);
    const entry = await this.model.stagedEntry(parsed.ref);
    if (!entry) throw vscode.FileSystemError.FileNotFound(uri);
    this.served.set(uri.toString(), uri);
    return parsed.side === 'empty' || entry.proposed === null ? new Uint8Array(0) : encoder.encode(entry.proposed);
  }

  private runsChanged(change: ReviewChange): void {
    for (const [key, uri] of this.served) {
      const runId = fromStagedUri(uri)?.ref.runId;
      if (change.runIds === 'all' || (runId !== undefined && change.runIds.includes(runId))) {
        this.queued.set(key, { type: vscode.FileChangeType.Changed, uri });
      }
    }
    if (this.queued.size > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), BATCH_MS);
    }
  }

  private flush(): void {
    this.timer = undefined;
    const events = [...this.queued.values()];
    this.queued.clear();
    if (events.length > 0) this.changes.fire(events);
  }
}
