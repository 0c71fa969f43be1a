/**
 * Who is signed in: the bearer token and what it says about the person. The claims are read
 * only to choose which screens to offer; the services verify the token on every call.
 *
 * Kept in sessionStorage: it ends with the tab, is never in a URL, and is sent only in the
 * Authorization header of same-origin /api/v1 calls.
 */
export interface Person {
  sub: string;
  email: string;
  name: string;
  tid: string;
  roles: string[];
  /** Entra directory roles by template id (the `wids` claim). */
  wids: string[];
}

export interface Session {
  token: string;
  person: Person;
  expiresAt: number;
}

const STORAGE_KEY = 'support-hub.session';
const listeners = new Set<() => void>();
let current: Session | null = restore();
/** Why the last session ended, shown on the sign-in page. */
let endedBecause: string | null = null;

function decodeClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('This is not a JWT');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(Array.from(json, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')));
}

// A declaration, hoisted: restore() runs while this module loads.
function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Who the ID token says the person is: an access token need not carry a name or an email. */
export interface Profile {
  name?: string;
  email?: string;
}

/** A session from a token: refused when it is not a JWT with a subject, a tenant and a future expiry. */
export function sessionFromToken(token: string, profile: Profile = {}): Session {
  const claims = decodeClaims(token.trim());
  const { sub, tid, exp } = claims as { sub?: string; tid?: string; exp?: number };
  const email = (claims.email as string | undefined) ?? profile.email;
  const name = (claims.name as string | undefined) ?? profile.name;
  if (!sub || !tid) throw new Error('The token has no subject (sub) or tenant (tid)');
  if (typeof exp !== 'number' || exp * 1000 <= Date.now()) throw new Error('The token has expired');
  return {
    token: token.trim(),
    person: { sub, tid, email: email ?? '', name: name ?? email ?? sub, roles: strings(claims.roles), wids: strings(claims.wids) },
    expiresAt: exp * 1000,
  };
}

function restore(): Session | null {
  try {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (!stored) return null;
    const { token, profile } = JSON.parse(stored) as { token: string; profile?: Profile };
    return sessionFromToken(token, profile);
  } catch {
    sessionStorage.removeItem(STORAGE_KEY);
    return null;
  }
}

/** Shown when a session ended by its token's expiry: with an identity provider, the console signs in again at once. */
export const SESSION_EXPIRED = 'Your session expired. Sign in again.';

export function currentSession(): Session | null {
  if (current && current.expiresAt <= Date.now()) endSession(SESSION_EXPIRED);
  return current;
}

export function startSession(session: Session): void {
  current = session;
  endedBecause = null;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: session.token, profile: { name: session.person.name, email: session.person.email } }));
  listeners.forEach((listener) => listener());
}

export function endSession(reason: string | null = null): void {
  current = null;
  endedBecause = reason;
  sessionStorage.removeItem(STORAGE_KEY);
  listeners.forEach((listener) => listener());
}

export function sessionEndReason(): string | null {
  return endedBecause;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const VENDOR_ROLES = ['csam', 'account-coordinator', 'support-engineer', 'support-manager'];

export type ScreenKey = 'admin' | 'activity' | 'people' | 'customer' | 'engineer' | 'csam' | 'manager';

/** The screens this person's roles suggest; the services decide what they may really do. */
export function screensFor(person: Person): ScreenKey[] {
  const has = (...roles: string[]) => roles.some((role) => person.roles.includes(role));
  const screens: ScreenKey[] = [];
  if (has('support-engineer')) screens.push('engineer');
  if (has('csam', 'account-coordinator')) screens.push('csam');
  if (has('support-manager')) screens.push('manager');
  const customer = !person.roles.some((role) => VENDOR_ROLES.includes(role));
  if (customer && (person.roles.length > 0 || person.wids.length > 0)) screens.push('admin');
  if (customer) screens.push('customer');
  // Workspace administration is by workspace role, not directory role: any customer may hold it.
  if (customer) screens.push('activity', 'people');
  return screens;
}
