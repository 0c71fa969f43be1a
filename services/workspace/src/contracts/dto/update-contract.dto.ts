import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { ID_PATTERN, PersonDto, SERVICE_PATTERN } from './create-contract.dto';

/** `PATCH /contracts/:id`: what the account team changes during (or after) the term. */
export class UpdateContractDto {
  @ApiPropertyOptional({ description: 'New end of the term (renew or shorten); a term extended past now reactivates an expired contract', example: '2032-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endsAt?: string;

  @ApiPropertyOptional({ type: [String], description: 'Every purchased service: the current ones plus any bought later (none can be removed)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(SERVICE_PATTERN, { each: true })
  services?: string[];

  @ApiPropertyOptional({ type: [PersonDto], description: 'The named support contacts (replaces the list)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  supportContacts?: PersonDto[];

  @ApiPropertyOptional({ description: "Hand the CSAM slot to this user id (a slot is handed over, never emptied)" })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN)
  csamId?: string;

  @ApiPropertyOptional({ description: 'Hand the account coordinator slot to this user id' })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN)
  accountCoordinatorId?: string;

  @ApiPropertyOptional({ type: PersonDto, description: 'How customers reach the CSAM' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  csam?: PersonDto;

  @ApiPropertyOptional({ type: PersonDto, description: 'How customers reach the account coordinator' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  accountCoordinator?: PersonDto;
}
