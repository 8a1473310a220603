/**
 * Runs the fake Messages API as its own process, so its CPU is not counted as the engine's.
 *
 *   node --import tsx test/fake/serve.ts <script.json> [--log <requests.json>] [--ignore-stdin]
 *
 * Prints one JSON line `{"baseURL":"http://127.0.0.1:PORT","port":PORT}` on stdout once listening. Stops
 * on SIGTERM, SIGINT or when stdin closes (spawn it with stdin 'pipe'; pass --ignore-stdin when stdin is
 * not a pipe the parent keeps open). With --log, the request log is written as JSON on the way out.
 * The script is a `ScriptFile` (scriptFile.ts); `modelOverrides` adds entries to the model table the
 * requests are checked against. For example:
 *
 *   { "eventDelayMs": 20,
 *     "routes": [
 *       { "name": "T1", "match": "Task T1", "turns": [
 *           { "kind": "httpError", "status": 429, "retryAfterMs": 50 },
 *           { "kind": "message", "content": [{ "type": "tool_use", "name": "read_file", "input": { "path": "a.ts" } }] },
 *           { "kind": "message", "content": [{ "type": "text", "text": "Done." }] } ] },
 *       { "name": "T2", "match": { "regex": "Task T2\\b" }, "onExhausted": "repeatLast", "turns": [
 *           { "kind": "streamError", "afterFrames": 3, "errorType": "overloaded_error" } ] } ] }
 */
import { writeFileSync } from 'node:fs';
import { ModelTable } from '../../src/core/model/modelTable';
import { startFakeMessagesApi } from '../../src/fakeApi/messagesServer';
import { loadScriptFile } from './scriptFile';

interface CliArgs {
  scriptPath: string;
  logPath: string | undefined;
  watchStdin: boolean;
}

function parseArgs(argv: readonly string[]): CliArgs {
  let scriptPath: string | undefined;
  let logPath: string | undefined;
  let watchStdin = true;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    if (arg === '--log') {
      logPath = argv[++index];
    } else if (arg === '--ignore-stdin') {
      watchStdin = false;
    } else if (scriptPath === undefined && !arg.startsWith('--')) {
      scriptPath = arg;
    } else {
      throw new Error(`unexpected argument ${arg}`);
    }
  }
  if (scriptPath === undefined) {
    throw new Error('usage: serve.ts <script.json> [--log <requests.json>] [--ignore-stdin]');
  }
  return { scriptPath, logPath, watchStdin };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const { modelOverrides, ...options } = await loadScriptFile(args.scriptPath);
  const api = await startFakeMessagesApi({ ...options, modelTable: modelOverrides === undefined ? undefined : new ModelTable(modelOverrides) });
  let stopping = false;
  const stop = (): void => {
    if (stopping) {
      return;
    }
    stopping = true;
    void api.close().then(() => {
      if (args.logPath !== undefined) {
        writeFileSync(args.logPath, JSON.stringify(api.requests, null, 2));
      }
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (args.watchStdin) {
    process.stdin.on('end', stop);
    process.stdin.on('close', stop);
    process.stdin.resume();
  }
  process.stdout.write(`${JSON.stringify({ baseURL: api.baseURL, port: api.port })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fake Messages API: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
