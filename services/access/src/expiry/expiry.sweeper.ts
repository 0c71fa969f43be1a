import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@support-hub/platform';
import type { AccessConfig } from '../config/access.config';
import { ExpiryService } from './expiry.service';

@Injectable()
export class ExpirySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpirySweeper.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly expiry: ExpiryService,
    @Inject(APP_CONFIG) private readonly config: AccessConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ACCESS_EXPIRY_SWEEP_MS <= 0) return;
    this.timer = setInterval(() => {
      this.expiry.expireDue().catch((error: unknown) => {
        this.logger.warn(`expiry pass failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }, this.config.ACCESS_EXPIRY_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }
}
