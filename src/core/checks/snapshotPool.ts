/**
 * Bounded concurrency for the snapshot's file work: at most `limit` items in flight, so copying ten
 * thousand files never holds ten thousand descriptors. The first failure stops new work; the call
 * settles only once the work already started has, so nothing writes after a failed snapshot is removed.
 */

/** How many copies or writes a snapshot runs at once. */
export const SNAPSHOT_CONCURRENCY = 16;

/** Runs `work` on every item, `limit` at a time; checks `signal` before each item and rejects with the first failure. */
export async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const item = items[next++];
      try {
        signal?.throwIfAborted();
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  if (failure !== undefined) throw failure.error;
}
