import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import type { CaseStatus, Severity } from './case';
import type { CaseView } from './case.view';

/** CaseView as OpenAPI sees it; `implements` keeps the two in step. */
export class CaseResponse implements CaseView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid', description: 'The tenant that filed the case (the workspace customer)' }) requestTenantId!: string;
  @ApiProperty({ format: 'uuid', description: 'The tenant where the problem is; the request tenant unless given' }) resourceTenantId!: string;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['A', 'B', 'C'] }) severity!: Severity;
  @ApiProperty() productArea!: string;
  @ApiProperty({ description: 'Consent: the assigned engineer may read the tenant’s diagnostic data while the case is open' }) allowAdvancedDiagnostics!: boolean;
  @ApiProperty({ enum: ['open', 'closed'] }) status!: CaseStatus;
  @ApiProperty({ type: String, nullable: true }) assignedEngineerId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assignedAt!: string | null;
  @ApiProperty() openedBy!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedBy!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) reopenedAt!: string | null;
  @ApiProperty() revision!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export const CasePage = PageOf(CaseResponse);
