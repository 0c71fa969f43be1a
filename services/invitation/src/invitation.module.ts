import { DynamicModule, Module } from '@nestjs/common';
import { serviceChassis } from '@support-hub/chassis';
import { modelProvider } from '@support-hub/persistence';
import type { InvitationConfig } from './config/invitation.config';
import { ContractCopiesHandlers, contractCopiesProviders } from '@support-hub/contract-copies';
import { InvitationAccessPolicy } from './invitations/invitation-access';
import { InvitationTokens } from './invitations/invitation-tokens';
import { INVITATION, invitationSchema } from './invitations/invitation.schema';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsHandlers } from './invitations/invitations.handlers';
import { InvitationsRepository } from './invitations/invitations.repository';
import { InvitationsService } from './invitations/invitations.service';
import { InvitationMailSender } from './invitations/invitation-mail.sender';
import { InvitationExpiry } from './invitations/invitation-expiry.service';
import { InvitationExpirySweeper } from './invitations/invitation-expiry.sweeper';
import { AccessNoticeMailSender } from './access-notices/access-notice-mail.sender';
import { ACCESS_NOTICE, accessNoticeSchema, REQUEST_COPY, requestCopySchema } from './access-notices/access-notice.schema';
import { AccessNoticesHandlers } from './access-notices/access-notices.handlers';
import { AccessNoticesRepository } from './access-notices/access-notices.repository';
import { AccessNoticesService } from './access-notices/access-notices.service';
import { mailTransportProvider } from './mail/mail.transport';
import { WorkspaceCopiesRepository } from './workspaces/workspace-copies.repository';
import { WorkspaceCopiesService } from './workspaces/workspace-copies.service';
import { MEMBER_COPY, memberCopySchema, WORKSPACE_COPY, workspaceCopySchema } from './workspaces/workspace-copy.schema';

@Module({})
export class InvitationServiceModule {
  static register(config: InvitationConfig): DynamicModule {
    return {
      module: InvitationServiceModule,
      imports: [
        ...serviceChassis('invitation', config),
      ],
      controllers: [InvitationsController, InvitationsHandlers, ContractCopiesHandlers, AccessNoticesHandlers],
      providers: [
        modelProvider(INVITATION, invitationSchema),
        modelProvider(WORKSPACE_COPY, workspaceCopySchema),
        modelProvider(MEMBER_COPY, memberCopySchema),
        modelProvider(REQUEST_COPY, requestCopySchema),
        modelProvider(ACCESS_NOTICE, accessNoticeSchema),
        ...contractCopiesProviders,
        mailTransportProvider,
        InvitationTokens,
        InvitationsRepository,
        WorkspaceCopiesRepository,
        WorkspaceCopiesService,
        InvitationAccessPolicy,
        InvitationMailSender,
        InvitationExpiry,
        InvitationExpirySweeper,
        InvitationsService,
        AccessNoticesRepository,
        AccessNoticeMailSender,
        AccessNoticesService,
      ],
    };
  }
}
