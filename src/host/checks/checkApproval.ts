/**
 * Which check lists the user approved for a workspace, the way VS Code remembers tasks it may run
 * automatically: per workspace (`ExtensionContext.workspaceState`), as the sha256 of the JSON list of
 * commands, in order. The commands themselves are stored nowhere. An edited list (another command, a
 * changed order) has another hash, so it asks again. No `vscode` import: the store is passed in.
 */
import { createHash } from 'node:crypto';

/** The key of the approved hashes in the workspace state. */
export const APPROVED_CHECKS_KEY = 'fanout.checks.approved';
/** Approved lists remembered per workspace (the newest first); older ones ask again. */
export const MAX_APPROVED_LISTS = 10;

/** What approval needs of VS Code's `Memento` (`context.workspaceState`). */
export interface ApprovalMemento {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** The flow's view of approval (a port). */
export interface CheckApproval {
  /** This exact list (commands in order) was approved for the workspace before. */
  isApproved(commands: readonly string[]): boolean;
  /** Remembers the list as approved for the workspace. */
  approve(commands: readonly string[]): Promise<void>;
}

/** The sha256 (hex) of the JSON list of commands: what is stored for an approved list. */
export function checksHash(commands: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify(commands)).digest('hex');
}

const HASH = /^[0-9a-f]{64}$/;

export class WorkspaceCheckApproval implements CheckApproval {
  constructor(private readonly memento: ApprovalMemento) {}

  isApproved(commands: readonly string[]): boolean {
    return commands.length > 0 && this.stored().includes(checksHash(commands));
  }

  async approve(commands: readonly string[]): Promise<void> {
    if (commands.length === 0) return;
    const hash = checksHash(commands);
    const kept = [hash, ...this.stored().filter((h) => h !== hash)].slice(0, MAX_APPROVED_LISTS);
    await this.memento.update(APPROVED_CHECKS_KEY, kept);
  }

  /** The approved hashes; anything else found under the key counts as nothing approved. */
  private stored(): string[] {
    const value = this.memento.get(APPROVED_CHECKS_KEY);
    return Array.isArray(value) ? value.filter((h): h is string => typeof h === 'string' && HASH.test(h)) : [];
  }
}

/** A memento that lives as long as the window (when no workspace state is given). */
export class MemoryMemento implements ApprovalMemento {
  private readonly values = new Map<string, unknown>();

  get(key: string): unknown {
    return this.values.get(key);
  }

  update(key: string, value: unknown): PromiseLike<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}
