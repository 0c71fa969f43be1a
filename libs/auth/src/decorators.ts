import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { AuthenticatedUser, VendorRole } from './authenticated-user';
import { REQUIRED_ROLES } from './auth.tokens';

/** The verified caller of an HTTP route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});

/** The route needs at least one of these vendor roles (csam, support-manager, ...), held in a vendor-tenant token. */
export const Roles = (...roles: VendorRole[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);
