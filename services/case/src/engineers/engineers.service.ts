import { Injectable, Logger } from '@nestjs/common';
import { Clock, decodeTimeCursor, DEFAULT_PAGE_SIZE, type Page, type PageQueryDto, toPage } from '@support-hub/platform';
import { CasesService } from '../cases/cases.service';
import { isDuplicateKey } from '@support-hub/persistence';
import type { RegisterEngineerDto } from './dto/register-engineer.dto';
import type { UpdateEngineerDto } from './dto/update-engineer.dto';
import { productAreaKey, type EngineerRecord } from './engineer.schema';
import { toEngineerView, type EngineerView } from './engineer.view';
import { EmptyEngineerUpdateError, EngineerAlreadyRegisteredError, EngineerNotFoundError } from './engineers.errors';
import { EngineersRepository } from './engineers.repository';

/** The engineer directory a support manager maintains; changes may unblock cases waiting for someone qualified. */
@Injectable()
export class EngineersService {
  private readonly logger = new Logger(EngineersService.name);

  constructor(
    private readonly engineers: EngineersRepository,
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  async register(input: RegisterEngineerDto): Promise<EngineerView> {
    const now = this.clock.now();
    const engineer: EngineerRecord = {
      _id: input.userId,
      name: input.name.trim(),
      email: input.email.toLowerCase(),
      ...expertiseOf(input.expertise),
      active: input.active ?? true,
      openCases: 0,
      lastAssignedAt: null,
      registeredAt: now,
      updatedAt: now,
    };
    try {
      await this.engineers.insert(engineer);
    } catch (error) {
      if (isDuplicateKey(error)) throw new EngineerAlreadyRegisteredError();
      throw error;
    }
    if (engineer.active) await this.assignWaitingCases();
    return toEngineerView((await this.engineers.findById(engineer._id)) ?? engineer);
  }

  async list(query: PageQueryDto): Promise<Page<EngineerView>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.engineers.list(decodeTimeCursor(query.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ sortKey: row.registeredAt.toISOString(), id: row._id }), toEngineerView);
  }

  async update(engineerId: string, input: UpdateEngineerDto): Promise<EngineerView> {
    if (Object.values(input).every((value) => value === undefined)) throw new EmptyEngineerUpdateError();
    const changes: Partial<EngineerRecord> = {
      ...(input.name !== undefined && { name: input.name.trim() }),
      ...(input.email !== undefined && { email: input.email.toLowerCase() }),
      ...(input.expertise !== undefined && expertiseOf(input.expertise)),
      ...(input.active !== undefined && { active: input.active }),
      updatedAt: this.clock.now(),
    };
    const updated = await this.engineers.update(engineerId, changes);
    if (!updated) throw new EngineerNotFoundError();
    // Reactivation or new expertise may make this engineer the first qualified for a waiting case.
    if (updated.active && (input.active !== undefined || input.expertise !== undefined)) await this.assignWaitingCases();
    return toEngineerView((await this.engineers.findById(engineerId)) ?? updated);
  }

  /** Also run periodically by the sweeper, so a crash between the change and this pass delays, never loses, an assignment. */
  async assignWaitingCases(): Promise<void> {
    const assigned = await this.cases.assignWaitingCases();
    if (assigned > 0) this.logger.log(`assigned ${assigned} waiting case(s)`);
  }
}

function expertiseOf(areas: string[]): Pick<EngineerRecord, 'expertise' | 'expertiseKeys'> {
  const expertise = [...new Set(areas.map((area) => area.trim()).filter((area) => area.length > 0))];
  return { expertise, expertiseKeys: [...new Set(expertise.map(productAreaKey))] };
}
