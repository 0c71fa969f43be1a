import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { EventEnvelope } from '@support-hub/contracts';
import { OnEvent } from '@support-hub/messaging';
import { MembersService } from './members.service';

@Controller()
export class MembersHandlers {
  constructor(private readonly members: MembersService) {}

  @OnEvent('invitation.accepted')
  addMemberFromAcceptedInvitation(@Payload() event: EventEnvelope<'invitation.accepted'>): Promise<void> {
    return this.members.addFromAcceptedInvitation(event);
  }
}
