import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { ContractExpiryService } from './contract-expiry.service';

/** Contract events (from the workspace service) → what they mean for access. */
@Controller()
export class ContractEventsHandlers {
  constructor(private readonly expiry: ContractExpiryService) {}

  @OnEvent('contract.updated')
  recordContractTerms(@Payload() event: EventEnvelope<'contract.updated'>): Promise<void> {
    return this.expiry.recordTerms(event);
  }

  @OnEvent('contract.expired')
  endAccessOfExpiredContract(@Payload() event: EventEnvelope<'contract.expired'>): Promise<void> {
    return this.expiry.endAccessOfExpiredContract(event);
  }
}
