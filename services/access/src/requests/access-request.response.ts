import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import { REQUEST_STATUSES, type RequestStatus } from './access-request';
import type { AccessRequestView } from './access-request.view';

export class ApprovalResponse {
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ description: 'The hours this approval allows (the shortest approval applies)' }) durationHours!: number;
}

export class RejectionResponse {
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty() rejectedBy!: string;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** AccessRequestView as OpenAPI sees it; `implements` keeps the two in step. */
export class AccessRequestResponse implements AccessRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'uuid' }) workspaceId!: string;
  @ApiProperty({ format: 'uuid' }) requestTenantId!: string;
  @ApiProperty({ format: 'uuid' }) resourceTenantId!: string;
  @ApiProperty() engineerId!: string;
  @ApiProperty() justification!: string;
  @ApiProperty() durationHours!: number;
  @ApiProperty({ enum: REQUEST_STATUSES }) status!: RequestStatus;
  @ApiProperty({ type: [String], description: 'Tenants whose admins must each approve' }) requiredApprovals!: string[];
  @ApiProperty({ type: [ApprovalResponse] }) approvals!: ApprovalResponse[];
  @ApiProperty({ type: RejectionResponse, nullable: true }) rejection!: RejectionResponse | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) grantId!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) grantExpiresAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) endReason!: string | null;
}

export const AccessRequestPage = PageOf(AccessRequestResponse);
