import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import type { EngineerView } from './engineer.view';

/** EngineerView as OpenAPI sees it; `implements` keeps the two in step. */
export class EngineerResponse implements EngineerView {
  @ApiProperty({ description: 'The engineer’s user id (token `sub`)' }) id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ type: [String], description: 'Product areas the engineer takes cases in' }) expertise!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty() openCases!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastAssignedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
}

export const EngineerPage = PageOf(EngineerResponse);
