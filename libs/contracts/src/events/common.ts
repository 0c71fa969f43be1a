import { z } from 'zod';

export const id = z.string().min(1).max(100);
export const email = z.email().max(320);
export const isoTime = z.iso.datetime();
export const tenantId = z.string().min(1).max(100);
export const workspaceRole = z.enum(['admin', 'member']);
export const severity = z.enum(['A', 'B', 'C']);
export const contractType = z.enum(['premier', 'unified']);
/** Per-aggregate sequence number: consumers keep a copy only if the event is newer. */
export const revision = z.number().int().nonnegative();
