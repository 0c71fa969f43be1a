import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, PeriodicTask } from '@support-hub/platform';
import type { InvitationConfig } from '../config/invitation.config';
import { InvitationExpiry } from './invitation-expiry.service';

/** Records expired invitations every INVITATION_EXPIRY_SWEEP_MS, so `invitation.expired` follows an expiry within that time. */
@Injectable()
export class InvitationExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(expiry: InvitationExpiry, @Inject(APP_CONFIG) config: InvitationConfig) {
    this.task = new PeriodicTask('invitation expiry pass', config.INVITATION_EXPIRY_SWEEP_MS, () => expiry.expireDue(), new Logger(InvitationExpirySweeper.name));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
