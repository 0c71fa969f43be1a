import { DomainError } from '../errors/domain-error';
import { decodeCursor, encodeCursor, toPage } from './page';

describe('pagination', () => {
  it('round-trips a cursor', () => {
    expect(decodeCursor(encodeCursor({ sortKey: '2026-01-01T00:00:00.000Z', id: 'a' }))).toEqual({ sortKey: '2026-01-01T00:00:00.000Z', id: 'a' });
  });

  it('refuses a cursor it did not make', () => {
    expect(() => decodeCursor('bm90LWpzb24')).toThrow(DomainError);
  });

  it('uses the extra row only to say there is more', () => {
    const rows = [{ id: 'a', at: '1' }, { id: 'b', at: '2' }, { id: 'c', at: '3' }];
    const page = toPage(rows, 2, (row) => ({ sortKey: row.at, id: row.id }), (row) => row.id);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!)).toEqual({ sortKey: '2', id: 'b' });
    expect(toPage(rows, 3, (row) => ({ sortKey: row.at, id: row.id }), (row) => row.id).nextCursor).toBeNull();
  });
});
