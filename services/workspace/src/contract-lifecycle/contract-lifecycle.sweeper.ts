import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, Clock } from '@support-hub/platform';
import type { WorkspaceConfig } from '../config/workspace.config';
import { ContractsRepository } from '../contracts/contracts.repository';
import { ContractLifecycleService } from './contract-lifecycle.service';

const BATCH = 100;

/**
 * Moves contracts along the calendar: a draft whose start date arrived becomes active (with its
 * default workspace), a term that ended becomes expired and `contract.expired` goes out. Every
 * replica sweeps (every CONTRACT_SWEEP_INTERVAL_MS, 30 s by default, so an expiry is announced
 * within a minute); each transition is conditional on the contract's revision, so it happens
 * once however many replicas race for it.
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
    const expired = await this.each('expiring', (limit) => this.contracts.findDueForExpiry(now, limit), (id) => this.lifecycle.expireIfEnded(id, now));
    const activated = await this.each('activating', (limit) => this.contracts.findDueForActivation(now, limit), (id) => this.lifecycle.activateIfDraft(id, now, null));
    return { activated, expired };
  }

  /** Applies `transition` to every contract `due` lists, batch by batch; counts those it changed. */
  private async each(what: string, due: (limit: number) => Promise<string[]>, transition: (id: string) => Promise<boolean>): Promise<number> {
    let changed = 0;
    for (;;) {
      const ids = await due(BATCH);
      let progressed = false;
      for (const id of ids) {
        try {
          if (await transition(id)) changed++;
          progressed = true;
        } catch (error) {
          // One broken contract must not hold back the others; the next pass tries it again.
          this.logger.error(`${what} contract ${id} failed: ${(error as Error).message}`);
        }
      }
      if (ids.length < BATCH || !progressed) return changed;
    }
  }
}

export interface SweepResult {
  activated: number;
  expired: number;
}
