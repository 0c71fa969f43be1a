import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@support-hub/platform';
import { TENANT_ID_PATTERN } from '../../tenancy/tenant-id';
import { GRANT_STATUSES, type GrantStatus } from '../grant';

export class ListGrantsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Your tenant (the resource tenant), as its admin; without it: your own grants' })
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'tenantId must be a tenant id' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: GRANT_STATUSES })
  @IsOptional()
  @IsIn(GRANT_STATUSES)
  status?: GrantStatus;

  @ApiPropertyOptional({ description: 'Only the grants of this case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}
