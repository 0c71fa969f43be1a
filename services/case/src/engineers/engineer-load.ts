/**
 * How busy an engineer is, derived from the cases themselves (never a counter on the engineer's
 * document, which every open and close of that engineer's cases would have to write: one hot
 * document serializing them all). Pure: no Nest, database or clock.
 */
export interface EngineerLoad {
  engineerId: string;
  /** Open cases assigned to the engineer. */
  openCases: number;
  /** The latest `assignedAt` of the engineer's cases; null if never assigned. */
  lastAssignedAt: Date | null;
  /** The places of the engineer's open cases (see `placeKey`). */
  places: number[];
}

/**
 * A case booked for an engineer, at one place of their load: the n-th open case of an engineer
 * holds place `n` (the lowest free one). The case stores `placeKey`, unique among open cases,
 * so two bookings that chose the same engineer from the same state collide on the key and the
 * later one chooses again from a fresher state; bookings that chose differently never touch a
 * common document.
 */
export interface Booking {
  engineerId: string;
  place: string;
}

export function placeKey(engineerId: string, place: number): string {
  return `${engineerId}#${place}`;
}

/** The place an engineer's next case takes: the lowest one none of their open cases holds. */
export function nextPlace(load: Pick<EngineerLoad, 'engineerId' | 'places'>): Booking {
  const held = new Set(load.places);
  let place = 1;
  while (held.has(place)) place++;
  return { engineerId: load.engineerId, place: placeKey(load.engineerId, place) };
}

/** The number a place key holds, or null for a key of another engineer or no number. */
export function placeNumberOf(engineerId: string, key: string | null | undefined): number | null {
  if (!key?.startsWith(`${engineerId}#`)) return null;
  const place = Number(key.slice(engineerId.length + 1));
  return Number.isInteger(place) && place > 0 ? place : null;
}

/**
 * The engineer a new case goes to, among the qualified active ones: the fewest open cases; on a
 * tie, the one whose last assignment is the oldest (never assigned first), then the id, so the
 * choice is deterministic. `spread` picks at random among those with the fewest open cases
 * instead: a booking that lost a collision retries with it, so contenders that saw the same
 * state stop all choosing the same engineer again (the rule "fewest open cases wins" holds).
 */
export function chooseEngineer(loads: EngineerLoad[], spread = false, random: () => number = Math.random): EngineerLoad | null {
  const tied = fewestOpenCases(loads).sort(byLongestWait);
  if (tied.length === 0) return null;
  return spread ? tied[Math.floor(random() * tied.length)]! : tied[0]!;
}

/** The engineers a case may go to: those with the fewest open cases (only they need `lastAssignedAt`). */
export function fewestOpenCases(loads: EngineerLoad[]): EngineerLoad[] {
  const fewest = Math.min(...loads.map((load) => load.openCases));
  return loads.filter((load) => load.openCases === fewest);
}

function byLongestWait(a: EngineerLoad, b: EngineerLoad): number {
  const waitA = a.lastAssignedAt?.getTime() ?? -Infinity;
  const waitB = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (waitA !== waitB) return waitA - waitB;
  return a.engineerId < b.engineerId ? -1 : a.engineerId > b.engineerId ? 1 : 0;
}
