import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export class ActivityQueryDto {
  @ApiPropertyOptional({ description: '`all` (default): every workspace whose activity I may see; or a comma-separated list of workspace ids', example: 'all' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @Matches(new RegExp(`^(all|${UUID}(,${UUID})*)$`), { message: 'workspaces must be "all" or a comma-separated list of workspace ids' })
  workspaces?: string;
}

export class SeverityCounts {
  @ApiProperty() A!: number;
  @ApiProperty() B!: number;
  @ApiProperty() C!: number;
}

export class CaseCounts {
  @ApiProperty() total!: number;
  @ApiProperty() open!: number;
  @ApiProperty() closed!: number;
  @ApiProperty({ type: SeverityCounts, description: 'Open cases by severity' }) openBySeverity!: SeverityCounts;
  @ApiProperty({ type: SeverityCounts, description: 'Closed cases by severity' }) closedBySeverity!: SeverityCounts;
}

export class ActivityEntryView {
  @ApiProperty() id!: string;
  @ApiProperty() workspaceId!: string;
  @ApiProperty({ example: 'case.opened' }) type!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: String, nullable: true }) caseId!: string | null;
  @ApiProperty() summary!: string;
}

export class ContactView {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

export class ContractAspectsView {
  @ApiProperty() id!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty({ enum: ['premier', 'unified'] }) type!: 'premier' | 'unified';
  @ApiProperty({ enum: ['draft', 'active', 'expired'] }) status!: 'draft' | 'active' | 'expired';
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ description: 'Whole days left in the term (0 once it ended)' }) daysRemaining!: number;
  @ApiProperty({ type: ContactView, nullable: true, description: 'The CSAM to contact' }) csam!: ContactView | null;
  @ApiProperty({ type: ContactView, nullable: true, description: 'The account coordinator to contact' }) accountCoordinator!: ContactView | null;
  @ApiProperty({ type: [ContactView], description: "The contract's named support contacts" }) supportContacts!: ContactView[];
  @ApiProperty({ type: [String], description: 'Every service the contract purchased' }) services!: string[];
}

export class WorkspaceActivityView {
  @ApiProperty({ description: 'The workspace id' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() isDefault!: boolean;
  @ApiProperty({ type: ContractAspectsView }) contract!: ContractAspectsView;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: CaseCounts }) cases!: CaseCounts;
  @ApiProperty() openAccessGrants!: number;
  @ApiProperty({ type: [ActivityEntryView] }) recentActivity!: ActivityEntryView[];
}

export class CombinedActivityView {
  @ApiProperty() workspaceCount!: number;
  @ApiProperty({ type: [ContractAspectsView] }) contracts!: ContractAspectsView[];
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: CaseCounts }) cases!: CaseCounts;
  @ApiProperty() openAccessGrants!: number;
  @ApiProperty({ type: [ActivityEntryView] }) recentActivity!: ActivityEntryView[];
}

export class ActivityView {
  @ApiProperty({ enum: ['all', 'selected'] }) scope!: 'all' | 'selected';
  @ApiProperty({ type: [WorkspaceActivityView] }) workspaces!: WorkspaceActivityView[];
  @ApiProperty({ type: CombinedActivityView, description: 'The selected workspaces taken together' }) combined!: CombinedActivityView;
}
