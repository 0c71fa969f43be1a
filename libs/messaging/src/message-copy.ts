import type { MessageProperties, Options } from 'amqplib';

/**
 * The properties a copy of a message keeps (retry, dead letter, replay): its identity and how to
 * read it. Headers and `user_id` are the copier's to decide: they carry the trust verdict.
 */
export function keptProperties(original: MessageProperties): Options.Publish {
  return {
    messageId: original.messageId,
    type: original.type,
    correlationId: original.correlationId,
    timestamp: original.timestamp,
    contentType: original.contentType,
    contentEncoding: original.contentEncoding,
    appId: original.appId,
  };
}
