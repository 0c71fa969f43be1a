import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@support-hub/platform';
import { AssignmentService } from './assignment.service';
import type { CaseConfig } from '../config/case.config';

/**
 * The fallback path of "assigned when someone qualified is added": the normal path runs right
 * after the directory changes; this pass catches what a crash in between left waiting.
 */
@Injectable()
export class WaitingCasesSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WaitingCasesSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly assignment: AssignmentService,
    @Inject(APP_CONFIG) private readonly config: CaseConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.CASE_ASSIGNMENT_SWEEP_MS <= 0) return;
    this.timer = setInterval(() => void this.sweep(), this.config.CASE_ASSIGNMENT_SWEEP_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.assignment.assignWaitingCases();
    } catch (error) {
      this.logger.warn(`waiting-case pass failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
