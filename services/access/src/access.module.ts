import { DynamicModule, Module, Provider } from '@nestjs/common';
import { serviceChassis } from '@support-hub/chassis';
import { MESSAGING_OPTIONS, retrySpanMs, type ResolvedMessagingOptions } from '@support-hub/messaging';
import { modelProvider } from '@support-hub/persistence';
import { Clock } from '@support-hub/platform';
import { AuditController } from './audit/audit.controller';
import { AuditRepository } from './audit/audit.repository';
import { AUDIT_RECORD, auditRecordSchema } from './audit/audit.schema';
import { AuditService } from './audit/audit.service';
import { AuditTrail } from './audit/audit.trail';
import { CaseCopiesRepository } from './case-copies/case-copies.repository';
import { CASE_COPY, caseCopySchema } from './case-copies/case-copy.schema';
import { CaseEventsHandlers } from './cases/case-events.handlers';
import { CaseLifecycleService } from './cases/case-lifecycle.service';
import { ContractCopiesRepository } from './contract-copies/contract-copies.repository';
import { CONTRACT_COPY, contractCopySchema } from './contract-copies/contract-copy.schema';
import { ContractEventsHandlers } from './contracts/contract-events.handlers';
import { ContractExpiryService } from './contracts/contract-expiry.service';
import type { AccessConfig } from './config/access.config';
import { DiagnosticsController } from './diagnostics/diagnostics.controller';
import { DiagnosticsService } from './diagnostics/diagnostics.service';
import { RefusedReadsAudit } from './diagnostics/refused-reads.audit';
import { EngineerDeactivationService } from './engineers/engineer-deactivation.service';
import { EngineerEventsHandlers } from './engineers/engineer-events.handlers';
import { EngineerStateService } from './engineers/engineer-state.service';
import { EngineerCopiesRepository } from './engineer-copies/engineer-copies.repository';
import { ENGINEER_COPY, engineerCopySchema } from './engineer-copies/engineer-copy.schema';
import { ExpiryService } from './expiry/expiry.service';
import { ExpirySweeper } from './expiry/expiry.sweeper';
import { GrantLifecycle } from './grants/grant-lifecycle.service';
import { GRANT, grantSchema } from './grants/grant.schema';
import { GrantsController } from './grants/grants.controller';
import { GrantsRepository } from './grants/grants.repository';
import { GrantsService } from './grants/grants.service';
import { LiveGrantIndex } from './grants/live-grant.index';
import { LiveGrantSync } from './grants/live-grant.sync';
import { ACCESS_REQUEST, accessRequestSchema } from './requests/access-request.schema';
import { AccessRequestsController } from './requests/access-requests.controller';
import { AccessRequestsRepository } from './requests/access-requests.repository';
import { AccessRequestsService } from './requests/access-requests.service';
import { RequestLifecycle } from './requests/request-lifecycle.service';

/** What a test may replace: time, to pass expiry deadlines without waiting. */
export interface AccessServiceOverrides {
  clock?: Clock;
}

@Module({})
export class AccessServiceModule {
  static register(config: AccessConfig, overrides: AccessServiceOverrides = {}): DynamicModule {
    const clock: Provider[] = overrides.clock ? [{ provide: Clock, useValue: overrides.clock }] : [];
    return {
      module: AccessServiceModule,
      imports: [
        ...serviceChassis('access', config),
      ],
      // Diagnostics last: its catch-all (405 for writes) must not shadow the other routes.
      controllers: [AccessRequestsController, GrantsController, AuditController, CaseEventsHandlers, EngineerEventsHandlers, ContractEventsHandlers, DiagnosticsController],
      providers: [
        ...clock,
        modelProvider(CASE_COPY, caseCopySchema),
        modelProvider(CONTRACT_COPY, contractCopySchema),
        ContractCopiesRepository,
        ContractExpiryService,
        modelProvider(ENGINEER_COPY, engineerCopySchema),
        EngineerCopiesRepository,
        EngineerStateService,
        modelProvider(ACCESS_REQUEST, accessRequestSchema),
        modelProvider(GRANT, grantSchema),
        modelProvider(AUDIT_RECORD, auditRecordSchema),
        CaseCopiesRepository,
        AccessRequestsRepository,
        GrantsRepository,
        AuditRepository,
        AuditTrail,
        AuditService,
        GrantLifecycle,
        RequestLifecycle,
        ExpiryService,
        ExpirySweeper,
        GrantsService,
        // A failed close keeps its grants hidden while its event may still be retried.
        { provide: LiveGrantIndex, useFactory: (messaging: ResolvedMessagingOptions) => new LiveGrantIndex(retrySpanMs(messaging)), inject: [MESSAGING_OPTIONS] },
        LiveGrantSync,
        AccessRequestsService,
        CaseLifecycleService,
        EngineerDeactivationService,
        DiagnosticsService,
        RefusedReadsAudit,
      ],
    };
  }
}
