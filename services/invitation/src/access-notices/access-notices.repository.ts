import { Inject, Injectable } from '@nestjs/common';
import type { ClientSession, Model } from 'mongoose';
import { deliveryFailed, deliverySent, dueDelivery, leaseDelivery } from '../mail/mail-delivery';
import type { AccessNoticeRecord, RequestCopyRecord } from './access-notice';
import { ACCESS_NOTICE, REQUEST_COPY } from './access-notice.schema';

/** The only code that touches the request copies and the access notices. */
@Injectable()
export class AccessNoticesRepository {
  constructor(
    @Inject(REQUEST_COPY) private readonly requests: Model<RequestCopyRecord>,
    @Inject(ACCESS_NOTICE) private readonly notices: Model<AccessNoticeRecord>,
  ) {}

  async saveRequestCopy(copy: RequestCopyRecord, session: ClientSession): Promise<void> {
    await this.requests.replaceOne({ _id: copy._id }, copy, { upsert: true, session });
  }

  findRequestCopy(id: string, session: ClientSession): Promise<RequestCopyRecord | null> {
    return this.requests.findById(id, null, { session }).lean<RequestCopyRecord>().exec();
  }

  async insert(notices: readonly AccessNoticeRecord[], session: ClientSession): Promise<void> {
    if (notices.length > 0) await this.notices.insertMany(notices, { session });
  }

  /** Leases the next notice due, if any (one replica sends a given email). */
  claimDelivery(now: Date, claim: string, leaseUntil: Date): Promise<AccessNoticeRecord | null> {
    return this.notices
      .findOneAndUpdate(dueDelivery(now), leaseDelivery(claim, leaseUntil), { returnDocument: 'after', sort: { 'delivery.nextAttemptAt': 1, _id: 1 } })
      .lean<AccessNoticeRecord>()
      .exec();
  }

  async markDelivered(id: string, claim: string, now: Date): Promise<void> {
    await this.notices.updateOne({ _id: id, 'delivery.claim': claim }, deliverySent(now));
  }

  /** A failed attempt: due again at `retryAt`, or given up (`failed`) when null. */
  async markDeliveryFailed(id: string, claim: string, error: string, retryAt: Date | null): Promise<void> {
    await this.notices.updateOne({ _id: id, 'delivery.claim': claim }, deliveryFailed(error, retryAt));
  }
}
