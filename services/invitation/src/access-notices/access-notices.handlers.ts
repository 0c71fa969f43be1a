import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { AccessNoticesService } from './access-notices.service';

/** access.* events: the emails to approvers and to the engineer. */
@Controller()
export class AccessNoticesHandlers {
  constructor(private readonly notices: AccessNoticesService) {}

  @OnEvent('access.requested')
  askApprovers(@Payload() event: EventEnvelope<'access.requested'>): Promise<void> {
    return this.notices.askApprovers(event);
  }

  @OnEvent('access.approved')
  tellEngineerApproved(@Payload() event: EventEnvelope<'access.approved'>): Promise<void> {
    return this.notices.tellEngineer(event);
  }

  @OnEvent('access.rejected')
  tellEngineerRejected(@Payload() event: EventEnvelope<'access.rejected'>): Promise<void> {
    return this.notices.tellEngineer(event);
  }

  @OnEvent('access.request-ended')
  tellEngineerRequestEnded(@Payload() event: EventEnvelope<'access.request-ended'>): Promise<void> {
    return this.notices.tellEngineer(event);
  }

  @OnEvent('access.revoked')
  tellEngineerAccessEnded(@Payload() event: EventEnvelope<'access.revoked'>): Promise<void> {
    return this.notices.tellEngineer(event);
  }
}
