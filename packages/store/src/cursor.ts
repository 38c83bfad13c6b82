import { Buffer } from 'node:buffer';
import { InvalidCursorError } from './errors.js';

/** Where a page ended: the sort key `(createdAt in ms, id)` of its last run. */
export interface PagePosition {
  createdMs: number;
  id: string;
}

/** Opaque to clients: base64url of `<ms>:<id>`. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.createdMs}:${position.id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  if (!/^[A-Za-z0-9_-]{1,300}$/.test(cursor)) throw new InvalidCursorError();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^(\d{1,16}):(.+)$/s.exec(text);
  if (!match) throw new InvalidCursorError();
  const createdMs = Number(match[1]);
  if (!Number.isSafeInteger(createdMs)) throw new InvalidCursorError();
  return { createdMs, id: match[2]! };
}
