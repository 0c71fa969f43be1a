import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { ListCasesQueryDto } from './list-cases.query';

export class ListMyCasesQueryDto extends ListCasesQueryDto {
  @ApiPropertyOptional({ enum: ['none'], description: '`none`: the unassigned queue (open cases without an engineer), support managers only' })
  @IsOptional()
  @IsIn(['none'])
  assigned?: 'none';

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the cases of this workspace' })
  @IsOptional()
  @IsUUID()
  workspaceId?: string;
}
