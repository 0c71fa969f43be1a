import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from '../pagination/page';

/**
 * The OpenAPI schema of a page of `item`s (`{items, nextCursor}`), named `<Item>Page`: TypeScript
 * generics leave no trace at run time, so each list's page needs a class of its own.
 */
export function PageOf<T>(item: Type<T>): Type<Page<T>> {
  class PageOfItems implements Page<T> {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' }) nextCursor!: string | null;
  }
  Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/(Response|View)$/, '')}Page` });
  return PageOfItems;
}
