import type { MailMessage } from '../mail/mail-message';
import { escapeHtml, mimePart } from '../mail/mime';
import type { AccessNoticeRecord, NoticeKind } from './access-notice';

export interface NoticeMailSettings {
  from: string;
  /** The console's base URL; approvers land on `/admin`, engineers on `/engineer`. */
  consoleUrl: string;
}

const SUBJECTS: Record<NoticeKind, string> = {
  'approval-needed': 'A support access request awaits your approval',
  approved: 'Your support access request was approved',
  rejected: 'Your support access request was rejected',
  removed: 'Your support access was removed',
  'access-expired': 'Your support access expired',
  'request-expired': 'Your support access request expired unanswered',
};

/** The link into the console for this notice's reader: approvers decide on /admin, engineers follow up on /engineer. */
export function noticeLink(notice: Pick<AccessNoticeRecord, 'kind' | 'requestId'>, consoleUrl: string): string {
  const screen = notice.kind === 'approval-needed' ? 'admin' : 'engineer';
  return `${consoleUrl}/${screen}?requestId=${encodeURIComponent(notice.requestId)}`;
}

function engineerOf(notice: AccessNoticeRecord): string {
  const { engineerName, engineerEmail, engineerId } = notice.request;
  if (engineerName && engineerEmail) return `${engineerName} <${engineerEmail}>`;
  return engineerName ?? engineerEmail ?? engineerId;
}

/** The facts the reader needs, one line each. */
function factsOf(notice: AccessNoticeRecord): [string, string][] {
  const { request, outcome } = notice;
  const facts: [string, string][] = [
    ['Case', request.caseId + (request.severity ? ` (severity ${request.severity})` : '')],
    ['Workspace', notice.workspaceName],
    ['Engineer', engineerOf(notice)],
    ['Justification', request.justification ?? '(none given)'],
    ['Duration', request.durationHours === null ? '(not stated)' : `${request.durationHours} hours`],
  ];
  if (notice.kind === 'approval-needed') {
    facts.push(['Your tenant', notice.approvingTenantId ?? ''], ['Answer before', request.expiresAt.toISOString()]);
  }
  if (notice.kind === 'approved') {
    facts.push(['Approved for tenant', outcome.tenantId ?? '']);
    if (outcome.durationHours !== null) facts.push(['Approved for', `${outcome.durationHours} hours`]);
    facts.push(['Access', outcome.fullyApproved ? 'granted now' : 'starts once every tenant involved has approved']);
  }
  if (notice.kind === 'rejected') facts.push(['Rejected for tenant', outcome.tenantId ?? ''], ['Reason', outcome.reason ?? '(none given)']);
  return facts;
}

const INTRO: Record<NoticeKind, string> = {
  'approval-needed': 'A support engineer asks to read diagnostic data of your tenant for a support case. An administrator of each tenant involved approves or rejects it.',
  approved: 'Your support access request was approved.',
  rejected: 'Your support access request was rejected; it has ended. File a new one if you still need access.',
  removed: 'An administrator of the tenant removed your support access before it expired.',
  'access-expired': 'The support access granted by your request has expired. File a new request if you still need it.',
  'request-expired': 'Your support access request was not answered in time and has expired. File a new one if you still need access.',
};

/** One notice as an email; both parts 8bit (see mime.ts), so the link reads exactly as sent. */
export function accessNoticeMail(notice: AccessNoticeRecord, settings: NoticeMailSettings): MailMessage {
  const link = noticeLink(notice, settings.consoleUrl);
  const facts = factsOf(notice);
  const action = notice.kind === 'approval-needed' ? 'To approve or reject it, open:' : 'Details:';
  const text = ['Hello,', '', INTRO[notice.kind], '', ...facts.map(([label, value]) => `${label}: ${value}`), '', action, '', link, ''].join('\n');
  const html = [
    '<!doctype html>',
    '<html><body>',
    `<p>${escapeHtml(INTRO[notice.kind])}</p>`,
    '<table>',
    ...facts.map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`),
    '</table>',
    `<p><a href="${escapeHtml(link)}">${notice.kind === 'approval-needed' ? 'Approve or reject' : 'Open in Support Hub'}</a></p>`,
    '</body></html>',
    '',
  ].join('\n');
  return {
    from: settings.from,
    to: notice.to,
    subject: `${SUBJECTS[notice.kind]} (case ${notice.request.caseId})`,
    textPart: mimePart('text/plain', text),
    htmlPart: mimePart('text/html', html),
  };
}
