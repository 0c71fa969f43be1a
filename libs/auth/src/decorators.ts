import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { AuthenticatedUser } from './authenticated-user';
import { REQUIRED_ROLES } from './auth.tokens';

/** The verified caller of an HTTP route. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthenticatedUser => {
  return context.switchToHttp().getRequest<{ user: AuthenticatedUser }>().user;
});

/** The route needs at least one of these vendor roles (csam, support-manager, ...). */
export const Roles = (...roles: string[]): ClassDecorator & MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);
