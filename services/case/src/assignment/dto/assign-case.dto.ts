import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { USER_ID_PATTERN } from '../../engineers/user-id';

export class AssignCaseDto {
  @ApiProperty({ description: "The engineer's user id (the token's sub), as in the directory", maxLength: 100 })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: 'engineerId must be a user id' })
  engineerId!: string;
}
