import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEmail, IsISO8601, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';

/** Tenant and user ids as identity providers issue them (GUIDs, or opaque ids in development). */
export const ID_PATTERN = /^[A-Za-z0-9._:-]{1,100}$/;
/** A purchased service is a catalog name, e.g. `proactive-assessments`. */
export const SERVICE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$/;

export class PersonDto {
  @ApiProperty({ example: 'admin@contoso.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ example: 'Ada Admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;
}

export class CreateContractDto {
  @ApiProperty({ example: 'Contoso Ltd' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  customerName!: string;

  @ApiProperty({ description: "The customer's directory tenant id", example: '4a1f6c7e-1b2d-4c3e-8f9a-0b1c2d3e4f50' })
  @IsString()
  @Matches(ID_PATTERN)
  customerTenantId!: string;

  @ApiProperty({ enum: ['premier', 'unified'] })
  @IsIn(['premier', 'unified'])
  type!: 'premier' | 'unified';

  @ApiProperty({ description: 'Start of the term (ISO-8601); the contract activates by itself then', example: '2030-01-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ description: 'End of the term (ISO-8601); the contract expires then', example: '2031-01-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiProperty({ type: PersonDto, description: 'Invited as admin of the default workspace on activation' })
  @IsObject()
  @ValidateNested()
  @Type(() => PersonDto)
  serviceAdmin!: PersonDto;

  @ApiProperty({ type: [PersonDto], description: 'Named support contacts, invited as members of the default workspace' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PersonDto)
  supportContacts!: PersonDto[];

  @ApiProperty({ type: [String], example: ['reactive-support', 'proactive-assessments'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(SERVICE_PATTERN, { each: true })
  services!: string[];

  @ApiPropertyOptional({ description: "The CSAM's user id (filled with the caller's id when the caller is a CSAM)" })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN)
  csamId?: string;

  @ApiPropertyOptional({ description: "The account coordinator's user id (filled with the caller's id when the caller is one)" })
  @IsOptional()
  @IsString()
  @Matches(ID_PATTERN)
  accountCoordinatorId?: string;

  @ApiPropertyOptional({ type: PersonDto, description: "How customers reach the CSAM named in csamId (a CSAM creating the contract: their own token's name and email)" })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  csam?: PersonDto;

  @ApiPropertyOptional({ type: PersonDto, description: 'How customers reach the account coordinator named in accountCoordinatorId' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonDto)
  accountCoordinator?: PersonDto;
}
