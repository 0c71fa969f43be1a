import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import type { AuditRecordView } from './audit.view';

/** AuditRecordView as OpenAPI sees it; `implements` keeps the two in step. */
export class AuditRecordResponse implements AuditRecordView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty() actorId!: string;
  @ApiProperty({ example: 'diagnostics.read' }) action!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) grantId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    description: 'What else the action recorded (data set, duration…)',
  })
  details!: AuditRecordView['details'];
}

export const AuditRecordPage = PageOf(AuditRecordResponse);
