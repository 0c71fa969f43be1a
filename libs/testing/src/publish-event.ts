import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import { userOfAmqpUrl } from '@support-hub/messaging';
import { ownerOf, routingKeyOf, type EventData, type EventEnvelope, type EventType } from '@support-hub/contracts';

export interface PublishExtras {
  id?: string;
  source?: string;
  workspaceId?: string;
  /** AMQP `user_id`; by default the user the URL logs in as (the broker refuses any other), `null` for none. */
  userId?: string | null;
}

/**
 * Publishes an event as another service (or a system that is not Nest) would: a plain JSON
 * envelope, persistent, confirmed, with the routing key in the AMQP `type` and the publishing
 * broker user in `user_id`. Consumers believe it only from the owner of its type. Returns it.
 */
export async function publishEvent<T extends EventType>(
  amqpUrl: string,
  exchange: string,
  type: T,
  data: EventData<T>,
  extra: PublishExtras = {},
): Promise<EventEnvelope<T>> {
  const envelope: EventEnvelope<T> = {
    id: extra.id ?? randomUUID(),
    type,
    version: 1,
    source: extra.source ?? ownerOf(type),
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    causationId: null,
    ...(extra.workspaceId ? { workspaceId: extra.workspaceId } : {}),
    data,
  };
  const connection = await amqp.connect(amqpUrl, { noDelay: true });
  try {
    const channel = await connection.createConfirmChannel();
    const routingKey = routingKeyOf(type);
    channel.publish(exchange, routingKey, Buffer.from(JSON.stringify(envelope)), {
      persistent: true,
      type: routingKey,
      messageId: envelope.id,
      contentType: 'application/json',
      ...(extra.userId === null ? {} : { userId: extra.userId ?? userOfAmqpUrl(amqpUrl) }),
    });
    await channel.waitForConfirms();
    await channel.close();
  } finally {
    await connection.close();
  }
  return envelope;
}
