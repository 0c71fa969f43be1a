import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { TENANT_ID_PATTERN } from '../../tenancy/tenant-id';

export class CreateAccessRequestDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  caseId!: string;

  @ApiProperty({ description: 'The tenant whose diagnostic data is needed (a tenant of the case)' })
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'resourceTenantId must be a tenant id' })
  resourceTenantId!: string;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'justification must not be blank' })
  justification!: string;

  @ApiPropertyOptional({ description: 'Length of the access once approved; default and cap are configured', minimum: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(8760)
  durationHours?: number;
}
