/**
 * The engineer a new case goes to, among the active engineers with the case's expertise: the
 * fewest open cases; on a tie, the one whose last assignment is the oldest (never assigned
 * comes first: MongoDB orders null before any date); then the id, so the choice is
 * deterministic. A sort, so that the database picks and books in one atomic write.
 */
export const ASSIGNMENT_ORDER = { openCases: 1, lastAssignedAt: 1, _id: 1 } as const;
