import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class UpdateCaseDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  allowAdvancedDiagnostics?: boolean;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  description?: string;
}
