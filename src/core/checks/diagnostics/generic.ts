/**
 * The shapes many tools share, for files of the snapshot only: pytest's summary lines and
 * `path:line:col: message` / `path:line: message` (ruff, mypy, go vet, go test, gcc …).
 */
import type { Collector } from './collector';
import { leadingLocation } from './text';

const NOT_AN_ERROR = /^(?:warning|note|info|hint)\b/i;

/** pytest's summary: `FAILED tests/test_x.py::test_adds - assert 3 == 4`, `ERROR tests/test_y.py - ImportError: …`. */
export function pytestSummaryLine(trimmed: string, out: Collector): boolean {
  const word = trimmed.startsWith('FAILED ') ? 'FAILED ' : trimmed.startsWith('ERROR ') ? 'ERROR ' : undefined;
  if (word === undefined) return false;
  const rest = trimmed.slice(word.length);
  const token = rest.split(/\s/, 1)[0];
  const sepAt = token.indexOf('::');
  const path = out.map(sepAt < 0 ? token : token.slice(0, sepAt), 'always');
  if (path === undefined) return false;
  const dash = rest.indexOf(' - ');
  const message = dash < 0 ? `${word.trim()} ${token}` : `${sepAt < 0 ? '' : `${token.slice(sepAt + 2)}: `}${rest.slice(dash + 3)}`;
  out.add(path, undefined, undefined, message, 'generic');
  return true;
}

/** `path:line:col: message` and `path:line: message`, unless the message says it is a warning, a note, an info or a hint. */
export function genericLine(trimmed: string, out: Collector): boolean {
  const location = leadingLocation(trimmed);
  if (location === undefined || location.rest === '' || NOT_AN_ERROR.test(location.rest)) return false;
  const path = out.map(location.path, 'always');
  if (path === undefined) return false;
  out.add(path, location.line, location.column, location.rest, 'generic');
  return true;
}
