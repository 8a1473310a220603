/**
 * Reads a workspace file as the user has it now: the unsaved editor buffer when there is one,
 * otherwise the file on disk (a clean open document can lag behind the disk, so it is not trusted).
 */
import * as vscode from 'vscode';
import { DEFAULT_MAX_FILE_BYTES } from '../../core/workspace/staging';
import type { CurrentFile } from './applyDecision';
import { errorCode, isAbsentCode } from '../../core/workspace/errorCode';

/** Largest file Fanout reviews: the limit agents read and write under. */
export const MAX_REVIEW_BYTES = DEFAULT_MAX_FILE_BYTES;
const BINARY_SNIFF_BYTES = 8 * 1024;
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** The open document for a URI, if VS Code has one loaded. */
export function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const key = uri.toString();
  return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key);
}

/** A VS Code file-system error's code, else a Node system error's. */
function fileErrorCode(error: unknown): string | undefined {
  return error instanceof vscode.FileSystemError ? error.code : errorCode(error);
}

function isMissing(error: unknown): boolean {
  const code = fileErrorCode(error);
  return code === 'FileNotFound' || code === 'EntryNotFound' || isAbsentCode(code);
}

function fromBuffer(text: string): CurrentFile {
  const bytes = Buffer.byteLength(text, 'utf8');
  return bytes > MAX_REVIEW_BYTES ? { kind: 'tooLarge', bytes, limit: MAX_REVIEW_BYTES } : { kind: 'text', text, dirty: true };
}

export async function readCurrentFile(uri: vscode.Uri): Promise<CurrentFile> {
  const document = openDocument(uri);
  const dirty = document?.isDirty === true;
  let info: vscode.FileStat;
  try {
    info = await vscode.workspace.fs.stat(uri);
  } catch (error) {
    if (!isMissing(error)) return { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) };
    return dirty && document ? fromBuffer(document.getText()) : { kind: 'missing' };
  }
  if (info.type & vscode.FileType.Directory) return { kind: 'folder' };
  if (dirty && document) return fromBuffer(document.getText());
  if (info.size > MAX_REVIEW_BYTES) return { kind: 'tooLarge', bytes: info.size, limit: MAX_REVIEW_BYTES };
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    if (isMissing(error)) return { kind: 'missing' };
    return { kind: 'unreadable', message: error instanceof Error ? error.message : String(error) };
  }
  if (bytes.byteLength > MAX_REVIEW_BYTES) return { kind: 'tooLarge', bytes: bytes.byteLength, limit: MAX_REVIEW_BYTES };
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { kind: 'binary' };
  return { kind: 'text', text: decoder.decode(bytes), dirty: false };
}
