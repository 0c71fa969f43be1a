import { currentSession, endSession } from './session';

/** A refusal or failure, with the services' stable error code (DESIGN.md §8); on a 400, the fields refused. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A page of a list with the way to the next one (null on the last page): what "Show more" follows. */
export interface Listing<T> extends Page<T> {
  more: (() => Promise<Listing<T>>) | null;
}

/** The first page of a list, newest first as the services order it; `more` asks for the next one with the same filters. */
export async function firstPage<T>(path: `/api/v1/${string}`, params: Record<string, string | number | undefined | null> = {}): Promise<Listing<T>> {
  const page = await get<Page<T>>(`${path}${query(params)}`);
  return { ...page, more: page.nextCursor ? () => firstPage<T>(path, { ...params, cursor: page.nextCursor }) : null };
}

/** One call to the public API, same origin, with the signed-in person's bearer token. */
export async function api<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: `/api/v1/${string}`, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const session = currentSession();
  if (session) headers.authorization = `Bearer ${session.token}`;
  // No content-type without a body: the services refuse an empty JSON body.
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', 'The console could not reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const { code, message, details } = (parsed ?? {}) as { code?: string; message?: string | string[]; details?: { field?: string }[] };
    const text = Array.isArray(message) ? message.join('; ') : message;
    if (response.status === 401) endSession('Your session is no longer valid. Sign in again.');
    const fields = Array.isArray(details) ? details.flatMap((detail) => (typeof detail?.field === 'string' ? [detail.field] : [])) : [];
    throw new ApiError(response.status, code ?? `HTTP_${response.status}`, text ?? response.statusText ?? 'The request failed', fields);
  }
  return parsed as T;
}

export const get = <T>(path: `/api/v1/${string}`) => api<T>('GET', path);
export const post = <T>(path: `/api/v1/${string}`, body?: unknown) => api<T>('POST', path, body);
export const patch = <T>(path: `/api/v1/${string}`, body?: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: `/api/v1/${string}`) => api<T>('DELETE', path);

/** Query strings from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const id = (value: string) => encodeURIComponent(value);
