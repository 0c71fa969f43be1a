import { performance } from 'node:perf_hooks';
import { eventually } from '@support-hub/testing';
import type { SystemUnderTest } from '../../test/support/system-under-test';
import { canRead, closeCase, type Customer, openCase } from './customer';

/**
 * Close → revoked, `cases` times: a consent case is opened, its grant awaited, the case closed,
 * and the engineer's diagnostic read polled back to back from the close's response to the
 * first refusal (the resolution of this figure is one HTTP round trip). The customer must
 * have no other open consent case, or the reads would never be refused: a read still allowed
 * `givingUpMs` after the close fails the bench instead of polling forever.
 */
export async function closeToRevokedMs(sut: SystemUnderTest, customer: Customer, cases: number, givingUpMs = 30_000): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < cases; i += 1) {
    const caseId = await openCase(sut, customer);
    await eventually(() => canRead(sut, customer), { what: 'consent access', intervalMs: 2 });
    await closeCase(sut, customer, caseId);
    const closedAt = performance.now();
    while (await canRead(sut, customer)) {
      // poll as fast as one HTTP round trip allows
      if (performance.now() - closedAt > givingUpMs) throw new Error(`case ${caseId} closed ${givingUpMs} ms ago and its engineer still reads the tenant`);
    }
    samples.push(performance.now() - closedAt);
  }
  return samples;
}
