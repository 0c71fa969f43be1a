import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { WorkspaceRecord } from '../workspace';

export class WorkspaceSettingsView {
  @ApiProperty() allowPersonalAccounts!: boolean;
}

export class WorkspaceView {
  @ApiProperty() id!: string;
  @ApiProperty() contractId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: WorkspaceSettingsView }) settings!: WorkspaceSettingsView;
  @ApiProperty({ enum: ['premier', 'unified'] }) contractType!: 'premier' | 'unified';
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional({
    enum: ['admin', 'member', 'csam', 'account-coordinator'],
    description: "The caller's role: their membership role, else the contract role through which they manage it",
  })
  role?: 'admin' | 'member' | 'csam' | 'account-coordinator';
  @ApiPropertyOptional({
    description: 'Present (true) in my workspace list when I signed in with a Personal account the workspace does not allow: every route of it answers 403 PERSONAL_ACCOUNT_NOT_ALLOWED',
  })
  suspended?: true;

  static of(workspace: WorkspaceRecord, role?: WorkspaceView['role'], suspended = false): WorkspaceView {
    const view: WorkspaceView = {
      id: workspace._id,
      contractId: workspace.contractId,
      name: workspace.name,
      purpose: workspace.purpose,
      isDefault: workspace.isDefault,
      services: [...workspace.services],
      settings: { allowPersonalAccounts: workspace.allowPersonalAccounts },
      contractType: workspace.contractType,
      createdAt: workspace.createdAt.toISOString(),
    };
    if (role) view.role = role;
    if (suspended) view.suspended = true;
    return view;
  }
}

export class WorkspacePage {
  @ApiProperty({ type: [WorkspaceView] }) items!: WorkspaceView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
