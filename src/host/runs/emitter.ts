/**
 * A typed event for services that must run without VS Code (unit tests in Node): the same shape as
 * `vscode.Event`, so VS Code code subscribes to it like to any other and disposes the subscription.
 */
export interface Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** Subscribes a listener; dispose the result to unsubscribe. */
export type Event<T> = (listener: Listener<T>) => Disposable;

export class Emitter<T> implements Disposable {
  private listeners: Listener<T>[] = [];

  readonly event: Event<T> = (listener) => {
    this.listeners.push(listener);
    return {
      dispose: () => {
        this.listeners = this.listeners.filter((l) => l !== listener);
      },
    };
  };

  /** Calls every listener in subscription order; one that throws does not keep the others from running. */
  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // As VS Code's own emitter does: report it and go on with the next listener.
        console.error(error);
      }
    }
  }

  dispose(): void {
    this.listeners = [];
  }
}
