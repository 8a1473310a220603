/**
 * A run's content-addressed blob folder: every base and proposed content the staging store keeps is
 * one `<sha256>` file there, so a run can be rebuilt from its event log and blobs. A blob is written
 * under a temp name, `<sha256>.<pid>.<random>.tmp`, and renamed into place, so a reader never finds it
 * half-written; `store/tempBlobs.ts` sweeps the temp files a killed writer left.
 */
import { mkdir, readFile, rename, writeFile } from './fileCalls';
import { join } from 'node:path';
import { errorCode } from './errorCode';

const BLOB_NAME = /^[0-9a-f]{64}$/;

export class BlobFolder {
  /** Blobs known to be on disk, and the one creation of the folder: no stat or mkdir per write. */
  readonly #written = new Set<string>();
  #ready: Promise<void> | undefined;

  constructor(readonly dir: string) {}

  /** The content of blob `hash`; throws when the name is not a sha256 or the blob is missing. */
  async read(hash: string): Promise<string> {
    if (!BLOB_NAME.test(hash)) throw new Error(`"${hash}" is not a sha256 blob name.`);
    try {
      return await readFile(join(this.dir, hash), 'utf8');
    } catch (error) {
      throw new Error(`Blob ${hash} is missing from ${this.dir} (${errorCode(error) ?? String(error)}).`);
    }
  }

  /** Writes `content` as blob `hash` (its sha256) unless this folder wrote it already. */
  async write(hash: string, content: string): Promise<void> {
    if (this.#written.has(hash)) return;
    const target = join(this.dir, hash);
    // No look first: a blob already there (a reopened run) is replaced by the same bytes.
    this.#ready ??= mkdir(this.dir, { recursive: true }).then(() => undefined);
    await this.#ready;
    const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, content, 'utf8');
    await rename(temp, target);
    this.#written.add(hash);
  }
}
