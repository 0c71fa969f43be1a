import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '@support-hub/platform';
import { CONTRACT_STATUSES, type ContractStatus } from '../contract';

export class ListContractsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: CONTRACT_STATUSES, description: 'The status as of now (an ended term is expired at once)' })
  @IsOptional()
  @IsIn(CONTRACT_STATUSES)
  status?: ContractStatus;
}
