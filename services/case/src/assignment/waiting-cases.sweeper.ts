import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, PeriodicTask } from '@support-hub/platform';
import type { CaseConfig } from '../config/case.config';
import { AssignmentService } from './assignment.service';

/**
 * The fallback path of "assigned when someone qualified is added": the normal path runs right
 * after the directory changes; this pass catches what a crash in between left waiting.
 */
@Injectable()
export class WaitingCasesSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(assignment: AssignmentService, @Inject(APP_CONFIG) config: CaseConfig) {
    this.task = new PeriodicTask('waiting-case pass', config.CASE_ASSIGNMENT_SWEEP_MS, async () => (await assignment.sendBackCasesOfInactiveEngineers()) + (await assignment.assignWaitingCases()), new Logger(WaitingCasesSweeper.name));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
