import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from './authenticated-user';
import { CurrentUser } from './decorators';

class MeResponse {
  id!: string;
  email!: string;
  name!: string | null;
  tenantId!: string;
  /** The roles that count: vendor roles appear only for vendor staff. */
  roles!: string[];
  isVendorStaff!: boolean;
  isPersonalAccount!: boolean;
  permissions!: string[];
}

/** Who the service thinks the caller is: proves the whole auth chain of a service. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  @Get()
  @ApiOkResponse({ type: MeResponse })
  me(@CurrentUser() user: AuthenticatedUser): MeResponse {
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      tenantId: user.tenantId,
      roles: [...user.roles],
      isVendorStaff: user.isVendorStaff,
      isPersonalAccount: user.isPersonalAccount,
      permissions: [...user.permissions],
    };
  }
}
