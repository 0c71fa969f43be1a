import type { ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';

/**
 * A route's decorator metadata (handler overriding controller), read through the Reflector
 * once per (controller, handler) and then kept: it never changes after boot, and guards ask
 * for it on every request. Keyed by both because a handler inherited by two controllers may
 * carry different controller-level metadata in each.
 */
export class RouteMetadata<T> {
  private readonly byController = new WeakMap<Function, WeakMap<Function, { value: T | undefined }>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly key: string | symbol,
  ) {}

  of(context: ExecutionContext): T | undefined {
    const controller = context.getClass();
    const handler = context.getHandler();
    let handlers = this.byController.get(controller);
    if (!handlers) this.byController.set(controller, (handlers = new WeakMap()));
    let known = handlers.get(handler);
    if (!known) handlers.set(handler, (known = { value: this.reflector.getAllAndOverride<T>(this.key, [handler, controller]) }));
    return known.value;
  }
}
