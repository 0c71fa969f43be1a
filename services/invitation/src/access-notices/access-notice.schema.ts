import { Schema } from 'mongoose';
import { deliverySchema } from '../mail/mail-delivery.schema';
import type { AccessNoticeRecord, RequestCopyRecord } from './access-notice';

export const REQUEST_COPY = 'RequestCopy';
export const ACCESS_NOTICE = 'AccessNotice';

const requestCopyFields = {
  _id: { type: String, required: true },
  caseId: { type: String, required: true },
  workspaceId: { type: String, required: true },
  severity: { type: String, default: null },
  requestTenantId: { type: String, required: true },
  resourceTenantId: { type: String, required: true },
  engineerId: { type: String, required: true },
  engineerEmail: { type: String, default: null },
  engineerName: { type: String, default: null },
  justification: { type: String, default: null },
  durationHours: { type: Number, default: null },
  expiresAt: { type: Date, required: true },
};

export const requestCopySchema = new Schema<RequestCopyRecord>(requestCopyFields, { collection: 'request_copies', versionKey: false });

/** The access notices' outbox: written with the event's inbox mark, sent by AccessNoticeMailSender. */
export const accessNoticeSchema = new Schema<AccessNoticeRecord>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    to: { type: String, required: true },
    requestId: { type: String, required: true },
    request: { type: new Schema(requestCopyFields, { _id: false }), required: true },
    workspaceName: { type: String, required: true },
    approvingTenantId: { type: String, default: null },
    outcome: {
      type: new Schema(
        { tenantId: { type: String, default: null }, reason: { type: String, default: null }, durationHours: { type: Number, default: null }, fullyApproved: { type: Boolean, default: null } },
        { _id: false },
      ),
      required: true,
    },
    createdAt: { type: Date, required: true },
    delivery: { type: deliverySchema, required: true },
  },
  { collection: 'access_notices', versionKey: false, minimize: false },
);
accessNoticeSchema.index({ 'delivery.status': 1, 'delivery.nextAttemptAt': 1 });
