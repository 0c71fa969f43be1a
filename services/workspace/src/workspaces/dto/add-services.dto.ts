import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsString, Matches } from 'class-validator';
import { SERVICE_PATTERN } from '../../contracts/dto/create-contract.dto';

export class AddServicesDto {
  @ApiProperty({ type: [String], description: "Purchased services of the contract to add to the workspace" })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(SERVICE_PATTERN, { each: true })
  services!: string[];
}
