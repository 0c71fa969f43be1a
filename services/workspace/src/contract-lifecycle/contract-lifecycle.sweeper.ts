import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { WorkspaceConfig } from '../config/workspace.config';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractLifecycleService } from './contract-lifecycle.service';

const BATCH = 100;

/**
 * Moves contracts along the calendar: a draft whose start date arrived becomes active (with its
 * default workspace), a term that ended becomes expired. Every replica sweeps; each transition
 * is a conditional update, so a contract is activated once however many replicas race for it.
 */
@Injectable()
export class ContractLifecycleSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ContractLifecycleSweeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<SweepResult>;

  constructor(
    private readonly contracts: ContractsRepository,
    private readonly lifecycle: ContractLifecycleService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: WorkspaceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep().catch((error: Error) => this.logger.error(`sweep failed: ${error.message}`)), this.config.CONTRACT_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass; a pass requested while one runs joins it instead of overlapping it. */
  sweep(): Promise<SweepResult> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<SweepResult> {
    const now = this.clock.now();
    const expired = await this.contracts.expireEnded(now);
    let activated = 0;
    for (;;) {
      const due = await this.contracts.findDueForActivation(now, BATCH);
      let progressed = false;
      for (const id of due) {
        try {
          if (await this.lifecycle.activateIfDraft(id, now, null)) activated++;
          progressed = true;
        } catch (error) {
          // One broken contract must not hold back the others; the next pass tries it again.
          this.logger.error(`activating contract ${id} failed: ${(error as Error).message}`);
        }
      }
      if (due.length < BATCH || !progressed) break;
    }
    return { activated, expired };
  }
}

export interface SweepResult {
  activated: number;
  expired: number;
}
