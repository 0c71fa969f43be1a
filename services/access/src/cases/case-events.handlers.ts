import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { CaseLifecycleService } from './case-lifecycle.service';

/** Case events → the case copy and its consequences for access (idempotent by revision). */
@Controller()
export class CaseEventsHandlers {
  constructor(private readonly lifecycle: CaseLifecycleService) {}

  @OnEvent('case.opened')
  onCaseOpened(@Payload() event: EventEnvelope<'case.opened'>): Promise<void> {
    return this.lifecycle.apply(event);
  }

  @OnEvent('case.assigned')
  onCaseAssigned(@Payload() event: EventEnvelope<'case.assigned'>): Promise<void> {
    return this.lifecycle.apply(event);
  }

  @OnEvent('case.consent-changed')
  onConsentChanged(@Payload() event: EventEnvelope<'case.consent-changed'>): Promise<void> {
    return this.lifecycle.apply(event);
  }

  /** The signature flow: closing a case revokes every diagnostic access of its engineer. */
  @OnEvent('case.closed')
  revokeAccessOfClosedCase(@Payload() event: EventEnvelope<'case.closed'>): Promise<void> {
    return this.lifecycle.apply(event);
  }

  @OnEvent('case.reopened')
  onCaseReopened(@Payload() event: EventEnvelope<'case.reopened'>): Promise<void> {
    return this.lifecycle.apply(event);
  }
}
