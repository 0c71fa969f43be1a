import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { EngineerDeactivationService } from './engineer-deactivation.service';
import { EngineerStateService } from './engineer-state.service';

/** Engineer directory events (from the case service) → what they mean for access. */
@Controller()
export class EngineerEventsHandlers {
  constructor(
    private readonly deactivation: EngineerDeactivationService,
    private readonly state: EngineerStateService,
  ) {}

  @OnEvent('engineer.registered')
  recordRegisteredEngineer(@Payload() event: EventEnvelope<'engineer.registered'>): Promise<void> {
    return this.state.recordState(event);
  }

  @OnEvent('engineer.updated')
  recordUpdatedEngineer(@Payload() event: EventEnvelope<'engineer.updated'>): Promise<void> {
    return this.state.recordState(event);
  }

  @OnEvent('engineer.deactivated')
  endAccessOfDeactivatedEngineer(@Payload() event: EventEnvelope<'engineer.deactivated'>): Promise<void> {
    return this.deactivation.endAccessOfDeactivatedEngineer(event);
  }
}
