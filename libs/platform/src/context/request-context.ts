import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What follows one unit of work (an HTTP request or a consumed event) through async calls:
 * the correlation id that ties an HTTP request to the events it causes and to their
 * handlers, and the id of the event being handled (the causation of what it raises).
 */
export interface RequestContext {
  correlationId: string;
  causationId: string | null;
  /**
   * Of a consumed event: where its handler leaves the error it threw, for the transport to see
   * past Nest's RPC exception filter. Here rather than in a store of its own: in Node 20 every
   * AsyncLocalStorage in use copies its store onto every promise the process makes, HTTP's too.
   */
  delivery?: { error?: unknown };
}

// The only AsyncLocalStorage of the services (see `delivery`).
const storage = new AsyncLocalStorage<RequestContext>();

export const requestContext = {
  run<T>(context: RequestContext, work: () => T): T {
    return storage.run(context, work);
  },
  current(): RequestContext | undefined {
    return storage.getStore();
  },
};
