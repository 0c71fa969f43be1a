import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { PageQueryDto } from '@support-hub/platform';
import { TENANT_ID_PATTERN } from '../../tenancy/tenant-id';

export class AuditQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'The tenant whose audit trail to read (yours)' })
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'tenantId must be a tenant id' })
  tenantId!: string;
}
