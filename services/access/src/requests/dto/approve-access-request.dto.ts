import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class ApproveAccessRequestDto {
  @ApiPropertyOptional({ minimum: 1, description: 'Shorten the access this approval allows (at most the requested hours; the shortest approval applies)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  durationHours?: number;
}
