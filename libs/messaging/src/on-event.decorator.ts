import { EventPattern } from '@nestjs/microservices';
import { routingKeyOf, type EventType } from '@support-hub/contracts';
import { requestContext, type RequestContext } from '@support-hub/platform';

/**
 * Where the handler wrapper leaves the original error for the transport: Nest's RPC exception
 * filter replaces a handler's error with `{status, message: 'Internal server error'}`; the
 * transport needs the real one to decide between retry and dead letter and to put the reason in
 * the message headers. It travels in the request context of the delivery.
 */
export type DeliveryOutcome = NonNullable<RequestContext['delivery']>;

/**
 * Marks a method as the handler of one event type:
 * `@OnEvent('case.closed') revokeGrantsOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>)`.
 * Resolve = stored → ack; throw → retry with delay, then the dead-letter queue;
 * throw `PermanentEventError` → the dead-letter queue at once.
 */
export function OnEvent(type: EventType): MethodDecorator {
  return <T>(target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<T>) => {
    const handler = descriptor.value as unknown as (...args: unknown[]) => unknown;
    const wrapped = async function (this: unknown, ...args: unknown[]) {
      try {
        return await handler.apply(this, args);
      } catch (error) {
        const outcome = requestContext.current()?.delivery;
        if (outcome) outcome.error = error;
        throw error;
      }
    };
    Object.defineProperty(wrapped, 'name', { value: handler.name });
    descriptor.value = wrapped as unknown as T;
    EventPattern(routingKeyOf(type))(target, key, descriptor);
    return descriptor;
  };
}

/** Thrown by a handler for an event it can never process: no retries, straight to the DLQ. */
export class PermanentEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentEventError';
  }
}
