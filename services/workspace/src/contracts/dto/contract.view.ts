import { ApiProperty } from '@nestjs/swagger';
import { PersonDto } from './create-contract.dto';
import { accountTeamOf, daysRemaining, effectiveStatus, type ContractRecord, type ContractStatus, type ContractType } from '../contract';

export class ContractView {
  @ApiProperty() id!: string;
  @ApiProperty() customerName!: string;
  @ApiProperty() customerTenantId!: string;
  @ApiProperty({ enum: ['premier', 'unified'] }) type!: ContractType;
  @ApiProperty({ enum: ['draft', 'active', 'expired'], description: 'As of now: an ended term reads expired at once' }) status!: ContractStatus;
  @ApiProperty() startsAt!: string;
  @ApiProperty() endsAt!: string;
  @ApiProperty({ description: 'Whole days left in the term (0 once it ended)' }) daysRemaining!: number;
  @ApiProperty({ type: PersonDto }) serviceAdmin!: PersonDto;
  @ApiProperty({ type: [PersonDto] }) supportContacts!: PersonDto[];
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty({ type: String, nullable: true }) csamId!: string | null;
  @ApiProperty({ type: String, nullable: true }) accountCoordinatorId!: string | null;
  @ApiProperty({ type: PersonDto, nullable: true, description: "The CSAM's name and email, when known" }) csam!: PersonDto | null;
  @ApiProperty({ type: PersonDto, nullable: true, description: "The account coordinator's name and email, when known" }) accountCoordinator!: PersonDto | null;
  @ApiProperty({ type: String, nullable: true }) defaultWorkspaceId!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) activatedAt!: string | null;
  @ApiProperty({ description: 'Grows with every change' }) revision!: number;

  static of(contract: ContractRecord, now: Date): ContractView {
    return {
      id: contract._id,
      customerName: contract.customerName,
      customerTenantId: contract.customerTenantId,
      type: contract.type,
      status: effectiveStatus(contract, now),
      startsAt: contract.startsAt.toISOString(),
      endsAt: contract.endsAt.toISOString(),
      daysRemaining: daysRemaining(contract, now),
      serviceAdmin: { email: contract.serviceAdmin.email, name: contract.serviceAdmin.name },
      supportContacts: contract.supportContacts.map(({ email, name }) => ({ email, name })),
      services: [...contract.services],
      csamId: contract.csamId,
      accountCoordinatorId: contract.accountCoordinatorId,
      ...accountTeamOf(contract),
      defaultWorkspaceId: contract.defaultWorkspaceId,
      createdAt: contract.createdAt.toISOString(),
      activatedAt: contract.activatedAt?.toISOString() ?? null,
      revision: contract.revision,
    };
  }
}

export class ContractPage {
  @ApiProperty({ type: [ContractView] }) items!: ContractView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}
