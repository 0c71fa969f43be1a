import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { isPersonalAccountTenant, personalAccountSuspended } from '@support-hub/auth';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { ID_PATTERN } from '../../contracts/dto/create-contract.dto';
import { MEMBER_PERMISSIONS, type MemberPermission, type MembershipRecord, type WorkspaceRecord, type WorkspaceRole } from '../workspace';

export class MemberParams {
  @IsUUID()
  id!: string;

  @IsString()
  @Matches(ID_PATTERN)
  userId!: string;
}

export class UpdateMemberDto {
  @ApiPropertyOptional({ enum: ['admin', 'member'] })
  @IsOptional()
  @IsIn(['admin', 'member'])
  role?: WorkspaceRole;

  @ApiPropertyOptional({ type: [String], enum: MEMBER_PERMISSIONS, description: '`customerActivity` lets a member see Customer Activity' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MEMBER_PERMISSIONS.length)
  @IsIn(MEMBER_PERMISSIONS, { each: true })
  permissions?: MemberPermission[];
}

export class MemberView {
  @ApiProperty() id!: string;
  @ApiProperty() userId!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ enum: ['admin', 'member'] }) role!: WorkspaceRole;
  @ApiProperty({ type: [String] }) permissions!: MemberPermission[];
  @ApiProperty() joinedAt!: string;
  @ApiProperty({ description: 'Joined with a Personal Microsoft account' }) personalAccount!: boolean;
  @ApiProperty({ description: 'A Personal account while the workspace does not allow them: it cannot use the workspace until they are allowed again' })
  suspended!: boolean;

  static of(member: MembershipRecord, workspace: Pick<WorkspaceRecord, 'allowPersonalAccounts'>): MemberView {
    return {
      id: member._id,
      userId: member.userId,
      email: member.email,
      name: member.name,
      role: member.role,
      permissions: [...member.permissions],
      joinedAt: member.joinedAt.toISOString(),
      personalAccount: member.tenantId !== null && isPersonalAccountTenant(member.tenantId),
      suspended: personalAccountSuspended(member.tenantId, workspace),
    };
  }
}

export class MemberPage {
  @ApiProperty({ type: [MemberView] }) items!: MemberView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
