import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { EngineerDeactivationService } from './engineer-deactivation.service';

/** Engineer directory events (from the case service) → what they mean for access. */
@Controller()
export class EngineerEventsHandlers {
  constructor(private readonly deactivation: EngineerDeactivationService) {}

  @OnEvent('engineer.deactivated')
  endAccessOfDeactivatedEngineer(@Payload() event: EventEnvelope<'engineer.deactivated'>): Promise<void> {
    return this.deactivation.endAccessOfDeactivatedEngineer(event);
  }
}
