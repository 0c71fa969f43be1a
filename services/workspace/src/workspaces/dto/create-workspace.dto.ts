import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Finance' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'name must not be blank' })
  // The name goes into email subjects and bodies: no line breaks or other control characters.
  @Matches(/^[^\u0000-\u001f\u007f]*$/, { message: 'name must not contain control characters' })
  name!: string;

  @ApiProperty({ example: 'Support for the finance department' })
  @IsString()
  @MaxLength(1000)
  purpose!: string;

  @ApiProperty({ description: "The new workspace's admin, invited by email", example: 'fin-admin@contoso.com' })
  @IsEmail()
  @MaxLength(320)
  adminEmail!: string;
}
