import type { Document } from 'bson';

/**
 * Sets a field as an own property even when it is named `__proto__` (plain assignment would
 * change the object's prototype and lose the field): documents may hold any field name.
 */
export function setOwn(target: Document | unknown[], key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else (target as Document)[key] = value;
}
