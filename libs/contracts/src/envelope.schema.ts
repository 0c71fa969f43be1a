import { z } from 'zod';

/**
 * The envelope every integration event travels in. The AMQP body is exactly this JSON
 * object, so systems that are not Nest can read and publish events. Within a version,
 * fields are only ever added.
 */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(100),
  version: z.number().int().positive(),
  source: z.string().min(1).max(100),
  occurredAt: z.iso.datetime(),
  correlationId: z.string().min(1).max(200),
  causationId: z.string().min(1).max(200).nullable(),
  tenantId: z.string().min(1).max(100).optional(),
  workspaceId: z.string().min(1).max(100).optional(),
  data: z.record(z.string(), z.unknown()),
});

export type RawEnvelope = z.infer<typeof envelopeSchema>;
