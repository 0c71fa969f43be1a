import { randomUUID } from 'node:crypto';

/** A caller's correlation id is kept only if it is a plain token: no log or header injection. */
const SAFE_CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export function correlationIdFrom(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && SAFE_CORRELATION_ID.test(value) ? value : randomUUID();
}
