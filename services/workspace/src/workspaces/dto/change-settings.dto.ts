import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';

export class ChangeSettingsDto {
  @ApiProperty({ description: 'Whether Personal Microsoft accounts may join (Premier: always true)' })
  @IsBoolean()
  allowPersonalAccounts!: boolean;
}
