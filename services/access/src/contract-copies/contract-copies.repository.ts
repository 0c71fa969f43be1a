import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { storeIfNewer } from '@support-hub/persistence';
import { CONTRACT_COPY, type ContractCopyRecord } from './contract-copy.schema';

@Injectable()
export class ContractCopiesRepository {
  constructor(@Inject(CONTRACT_COPY) private readonly copies: Model<ContractCopyRecord>) {}

  store(copy: ContractCopyRecord, session?: ClientSession): Promise<boolean> {
    return storeIfNewer(this.copies, copy, session);
  }

  /** The end of the term of the contract a workspace belongs to; null when no contract event named it yet. */
  async endsAtOfWorkspace(workspaceId: string, session?: ClientSession): Promise<Date | null> {
    const copy = await this.copies.findOne({ workspaceIds: workspaceId }, { endsAt: 1 }).session(session ?? null).lean<ContractCopyRecord>().exec();
    return copy?.endsAt ?? null;
  }
}
