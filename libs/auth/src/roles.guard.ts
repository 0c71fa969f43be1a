import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedUser, VendorRole } from './authenticated-user';
import { REQUIRED_ROLES } from './auth.tokens';
import { RouteMetadata } from './route-metadata';

/** Checks `@Roles(...)`: the caller needs at least one of the vendor roles listed, from the vendor tenant. */
@Injectable()
export class RolesGuard implements CanActivate {
  private readonly requiredRoles: RouteMetadata<VendorRole[]>;

  constructor(reflector: Reflector) {
    this.requiredRoles = new RouteMetadata<VendorRole[]>(reflector, REQUIRED_ROLES);
  }

  canActivate(context: ExecutionContext): boolean {
    const roles = this.requiredRoles.of(context);
    if (!roles?.length || context.getType() !== 'http') return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthenticatedUser }>().user;
    if (user?.hasAnyRole(...roles)) return true;
    throw new ForbiddenException({ code: 'ROLE_REQUIRED', message: `This action needs one of the vendor roles ${roles.join(', ')}, in a token of the vendor tenant` });
  }
}
