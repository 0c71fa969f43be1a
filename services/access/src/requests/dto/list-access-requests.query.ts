import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { PageQueryDto } from '@support-hub/platform';
import { TENANT_ID_PATTERN } from '../../tenancy/tenant-id';
import { REQUEST_STATUSES, type RequestStatus } from '../access-request';

export class ListAccessRequestsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "Your tenant, as its admin; without it: the requests you filed" })
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'tenantId must be a tenant id' })
  tenantId?: string;

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ description: 'Only the requests of this case' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}
