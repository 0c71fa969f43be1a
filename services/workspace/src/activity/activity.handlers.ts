import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { ActivityService } from './activity.service';

/** Feeds Customer Activity from the case and access services' events (idempotent: see the repository). */
@Controller()
export class ActivityHandlers {
  constructor(private readonly activity: ActivityService) {}

  @OnEvent('case.opened')
  recordCaseOpened(@Payload() event: EventEnvelope<'case.opened'>): Promise<void> {
    return this.activity.applyCaseEvent(event);
  }

  @OnEvent('case.assigned')
  recordCaseAssigned(@Payload() event: EventEnvelope<'case.assigned'>): Promise<void> {
    return this.activity.applyCaseEvent(event);
  }

  @OnEvent('case.consent-changed')
  recordCaseConsentChanged(@Payload() event: EventEnvelope<'case.consent-changed'>): Promise<void> {
    return this.activity.applyCaseEvent(event);
  }

  @OnEvent('case.closed')
  recordCaseClosed(@Payload() event: EventEnvelope<'case.closed'>): Promise<void> {
    return this.activity.applyCaseEvent(event);
  }

  @OnEvent('case.reopened')
  recordCaseReopened(@Payload() event: EventEnvelope<'case.reopened'>): Promise<void> {
    return this.activity.applyCaseEvent(event);
  }

  @OnEvent('access.requested')
  recordAccessRequested(@Payload() event: EventEnvelope<'access.requested'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }

  @OnEvent('access.approved')
  recordAccessApproved(@Payload() event: EventEnvelope<'access.approved'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }

  @OnEvent('access.rejected')
  recordAccessRejected(@Payload() event: EventEnvelope<'access.rejected'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }

  @OnEvent('access.request-ended')
  recordAccessRequestEnded(@Payload() event: EventEnvelope<'access.request-ended'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }

  @OnEvent('access.granted')
  recordAccessGranted(@Payload() event: EventEnvelope<'access.granted'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }

  @OnEvent('access.revoked')
  recordAccessRevoked(@Payload() event: EventEnvelope<'access.revoked'>): Promise<void> {
    return this.activity.applyAccessEvent(event);
  }
}
