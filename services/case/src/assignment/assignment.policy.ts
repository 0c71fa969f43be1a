/** What the assignment rule looks at in an engineer. */
export interface AssignmentCandidate {
  _id: string;
  openCases: number;
  lastAssignedAt: Date | null;
}

/**
 * The engineer a new case goes to: the fewest open cases; on a tie, the one whose last
 * assignment is the oldest (never assigned counts as oldest); then the id, so the choice is
 * deterministic.
 */
export function chooseEngineer<T extends AssignmentCandidate>(candidates: readonly T[]): T | null {
  let best: T | null = null;
  for (const candidate of candidates) {
    if (best === null || ranksBefore(candidate, best)) best = candidate;
  }
  return best;
}

function ranksBefore(a: AssignmentCandidate, b: AssignmentCandidate): boolean {
  if (a.openCases !== b.openCases) return a.openCases < b.openCases;
  const lastA = a.lastAssignedAt?.getTime() ?? -Infinity;
  const lastB = b.lastAssignedAt?.getTime() ?? -Infinity;
  if (lastA !== lastB) return lastA < lastB;
  return a._id < b._id;
}
