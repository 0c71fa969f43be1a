import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AuthenticatedUser } from './authenticated-user';
import { CurrentUser } from './decorators';

class MeResponse {
  @ApiProperty({ description: 'The token’s `sub`' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ format: 'uuid', description: 'The token’s `tid`: the user’s directory tenant' }) tenantId!: string;
  /** The roles that count: vendor roles appear only for vendor staff. */
  @ApiProperty({ type: [String], description: 'The roles that count: vendor roles appear only for vendor staff' }) roles!: string[];
  @ApiProperty() isVendorStaff!: boolean;
  @ApiProperty() isPersonalAccount!: boolean;
  @ApiProperty({ type: [String] }) permissions!: string[];
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
