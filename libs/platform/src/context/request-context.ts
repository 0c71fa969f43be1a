import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What follows one unit of work (an HTTP request or a consumed event) through async calls:
 * the correlation id that ties an HTTP request to the events it causes and to their
 * handlers, and the id of the event being handled (the causation of what it raises).
 */
export interface RequestContext {
  correlationId: string;
  causationId: string | null;
}

const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
