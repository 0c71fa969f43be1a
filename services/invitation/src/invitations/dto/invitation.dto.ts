import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@support-hub/platform';
import { effectiveStatus } from '../invitation';
import type { InvitationRecord, InvitationStatus, WorkspaceRole } from '../invitation';

export class CreateInvitationDto {
  @ApiProperty({ example: 'new.member@contoso.com' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ['admin', 'member'] })
  @IsIn(['admin', 'member'])
  role!: WorkspaceRole;
}

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation email link (`?token=`)' })
  @IsString()
  @MaxLength(200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not an invitation token' })
  token!: string;
}

export class InvitationListQuery extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['pending', 'accepted', 'revoked', 'expired'] })
  @IsOptional()
  @IsIn(['pending', 'accepted', 'revoked', 'expired'])
  status?: InvitationStatus;
}

export class DeliveryView {
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status!: 'pending' | 'sent' | 'failed';
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
}

/** What the API shows of an invitation: never the token, nor its hash. */
export class InvitationView {
  @ApiProperty() id!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['admin', 'member'] }) role!: WorkspaceRole;
  @ApiProperty({ enum: ['pending', 'accepted', 'revoked', 'expired'] }) status!: InvitationStatus;
  @ApiProperty() expiresAt!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null for the invitations a workspace sends when it is created' })
  invitedBy!: string | null;
  @ApiProperty({ type: DeliveryView }) delivery!: DeliveryView;

  static of(invitation: InvitationRecord, now: Date): InvitationView {
    return {
      id: invitation._id,
      workspaceId: invitation.workspaceId,
      email: invitation.email,
      role: invitation.role,
      status: effectiveStatus(invitation, now),
      expiresAt: invitation.expiresAt.toISOString(),
      createdAt: invitation.createdAt.toISOString(),
      invitedBy: invitation.invitedBy,
      delivery: {
        status: invitation.delivery.status,
        attempts: invitation.delivery.attempts,
        sentAt: invitation.delivery.sentAt?.toISOString() ?? null,
        lastError: invitation.delivery.lastError,
      },
    };
  }
}

export class InvitationPage {
  @ApiProperty({ type: [InvitationView] }) items!: InvitationView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class AcceptedInvitationView {
  @ApiProperty() invitationId!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty({ enum: ['admin', 'member'] }) role!: WorkspaceRole;
}
