// Loopback ports and HTTP readiness for the code-server Fanout's tests and `npm start` launch.
import { get } from 'node:http';
import { createServer } from 'node:net';

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolvePort(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port on 127.0.0.1'))));
    });
  });
}

/** The preferred port when it is free on 127.0.0.1, otherwise any free port there. */
export async function pickPort(preferred?: number): Promise<number> {
  if (preferred !== undefined && preferred > 0 && (await portIsFree(preferred))) {
    return preferred;
  }
  return anyFreePort();
}

function httpStatus(url: string): Promise<number> {
  return new Promise((resolveStatus) => {
    const request = get(url, (response) => {
      response.resume();
      resolveStatus(response.statusCode ?? 0);
    });
    request.setTimeout(2000, () => request.destroy());
    request.once('error', () => resolveStatus(0));
  });
}

export const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Why a server never answered: it exited first, or it stayed silent past the deadline. */
export class NotAnsweringError extends Error {
  constructor(
    message: string,
    readonly exitedEarly: boolean,
  ) {
    super(message);
  }
}

/** Polls `url` until it answers 2xx/3xx; gives up when `exited` settles first or time runs out. */
export async function waitForHttp(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new NotAnsweringError(`code-server exited with code ${exitCode} before answering ${url}`, true);
    }
    const status = await httpStatus(url);
    if (status >= 200 && status < 400) {
      return;
    }
    await delay(200);
  }
  throw new NotAnsweringError(`code-server did not answer ${url} within ${timeoutMs} ms`, false);
}
