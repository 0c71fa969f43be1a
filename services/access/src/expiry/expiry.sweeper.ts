import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, PeriodicTask } from '@support-hub/platform';
import type { AccessConfig } from '../config/access.config';
import { ExpiryService } from './expiry.service';

/** Records expiries every ACCESS_EXPIRY_SWEEP_MS (access never waits for it: reads compare with the clock). */
@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(expiry: ExpiryService, @Inject(APP_CONFIG) config: AccessConfig) {
    this.task = new PeriodicTask('expiry pass', config.ACCESS_EXPIRY_SWEEP_MS, () => expiry.expireDue(), new Logger(ExpirySweeper.name));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
