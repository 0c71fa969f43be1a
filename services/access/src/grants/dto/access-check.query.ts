import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { TENANT_ID_PATTERN } from '../../tenancy/tenant-id';

export class AccessCheckQueryDto {
  @ApiProperty({ description: 'The tenant whose diagnostic data the caller wants to read' })
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'tenantId must be a tenant id' })
  tenantId!: string;
}
