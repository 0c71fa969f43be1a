import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import { GRANT_STATUSES, type GrantBasis, type GrantEndReason, type GrantStatus } from './grant';
import type { AccessCheckView, GrantView } from './grant.view';

const BASES: GrantBasis[] = ['request', 'consent'];
const END_REASONS: GrantEndReason[] = ['case-closed', 'removed', 'consent-withdrawn', 'expired', 'reassigned', 'engineer-deactivated'];

/** GrantView as OpenAPI sees it; `implements` keeps the two in step. */
export class GrantResponse implements GrantView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for a consent grant' }) requestId!: string | null;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() engineerId!: string;
  @ApiProperty({ format: 'uuid' }) tenantId!: string;
  @ApiProperty({ enum: BASES }) basis!: GrantBasis;
  @ApiProperty({ enum: GRANT_STATUSES }) status!: GrantStatus;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, enum: END_REASONS, nullable: true }) endReason!: GrantEndReason | null;
  @ApiProperty({ type: String, nullable: true }) endedBy!: string | null;
}

export const GrantPage = PageOf(GrantResponse);

export class AccessCheckResponse implements AccessCheckView {
  @ApiProperty({ description: 'May the caller read the tenant’s diagnostic data now?' }) allowed!: boolean;
  @ApiPropertyOptional({ enum: BASES }) basis?: GrantBasis;
  @ApiPropertyOptional({ format: 'uuid' }) grantId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) expiresAt?: string;
}
