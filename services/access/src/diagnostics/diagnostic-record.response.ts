import { ApiProperty } from '@nestjs/swagger';
import { PageOf } from '@support-hub/platform';
import type { DirectoryAuditRecord, SignInRecord } from './sample-diagnostics';

class SignInLocation {
  @ApiProperty() city!: string;
  @ApiProperty() countryOrRegion!: string;
}

class SignInStatus {
  @ApiProperty() errorCode!: number;
  @ApiProperty({ type: String, nullable: true }) failureReason!: string | null;
}

/** A sign-in record, shaped as Microsoft Graph's signIn. */
export class SignInResponse implements SignInRecord {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) createdDateTime!: string;
  @ApiProperty() userPrincipalName!: string;
  @ApiProperty() appDisplayName!: string;
  @ApiProperty() ipAddress!: string;
  @ApiProperty() clientAppUsed!: string;
  @ApiProperty({ type: SignInLocation }) location!: SignInLocation;
  @ApiProperty({ type: SignInStatus }) status!: SignInStatus;
  @ApiProperty({ enum: ['success', 'failure', 'notApplied'] }) conditionalAccessStatus!: SignInRecord['conditionalAccessStatus'];
}

class Initiator {
  @ApiProperty() userPrincipalName!: string;
}

/** A directory audit record, shaped as Microsoft Graph's directoryAudit. */
export class DirectoryAuditResponse implements DirectoryAuditRecord {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'date-time' }) activityDateTime!: string;
  @ApiProperty() activityDisplayName!: string;
  @ApiProperty() category!: string;
  @ApiProperty({ enum: ['success', 'failure'] }) result!: DirectoryAuditRecord['result'];
  @ApiProperty({ type: Initiator }) initiatedBy!: Initiator;
  @ApiProperty() targetResource!: string;
}

export const SignInPage = PageOf(SignInResponse);
export const DirectoryAuditPage = PageOf(DirectoryAuditResponse);
