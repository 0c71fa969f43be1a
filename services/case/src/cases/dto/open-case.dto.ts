import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { Severity } from '../case';

export const TENANT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export class OpenCaseDto {
  @ApiProperty({ maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(/\S/, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  description!: string;

  @ApiProperty({ enum: ['A', 'B', 'C'] })
  @IsIn(['A', 'B', 'C'])
  severity!: Severity;

  @ApiProperty({ maxLength: 100, example: 'identity' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'productArea must not be blank' })
  productArea!: string;

  @ApiPropertyOptional({ description: "Tenant where the problem occurs; default: the caller's tenant" })
  @IsOptional()
  @IsString()
  @Matches(TENANT_ID_PATTERN, { message: 'resourceTenantId must be a tenant id' })
  resourceTenantId?: string;

  @ApiProperty({ description: 'Consent to the assigned engineer reading this tenant\'s diagnostic data' })
  @IsBoolean()
  allowAdvancedDiagnostics!: boolean;
}
