import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from '../errors/domain-error';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/** `?limit=&cursor=` on every list; a limit over the cap is refused, not silently cut. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Lists are ordered by a sort key (e.g. creation time) then id; the cursor is the last item's pair. */
export interface CursorPosition {
  sortKey: string;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorPosition | null {
  if (!cursor) return null;
  try {
    const [sortKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortKey === 'string' && typeof id === 'string') return { sortKey, id };
  } catch {
    // fall through to the error below
  }
  throw new DomainError('INVALID_CURSOR', 'cursor is not one this API returned', 'invalid');
}

/** Builds a page from `limit + 1` rows fetched in order: the extra row only says "there is more". */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => CursorPosition, view: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(view), nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null };
}

/** A cursor of a list ordered by time: its sort key must be an ISO time, or the cursor is not one we issued. */
export function decodeTimeCursor(cursor: string | undefined): CursorPosition | null {
  const position = decodeCursor(cursor);
  if (position && Number.isNaN(Date.parse(position.sortKey))) {
    throw new DomainError('INVALID_CURSOR', 'cursor is not one this API returned', 'invalid');
  }
  return position;
}
