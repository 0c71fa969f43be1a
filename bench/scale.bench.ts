// Issue 18's scale curves: the same measure at 1×, 10× and 100× the work, each printed as a
// ratio to its 1× figure from the same run. BENCH_SCALE_MAX=10000 caps the work for a quick
// run; BENCH_SCALE_PARTS=access,activity,outbox picks parts.
//   access   — access check rate, close → revoked and RSS per live grant with 1k/10k/100k live grants
//   activity — Customer Activity of one CSAM with 5/50/500 workspaces
//   outbox   — drain rate of a 100/1k/10k-event outbox backlog once the relay runs again
// (The embedded database's find/update at 1k/10k/100k documents is in the embedded-mongo bench.)
import { SystemUnderTest } from '../test/support/system-under-test';
import { onboardCustomer } from './support/customer';
import { cleanUpOnInterrupt } from './support/interrupt';
import { accessScale } from './support/scale-access';
import { activityScale } from './support/scale-activity';
import { progress, timedPart } from './support/scale-levels';
import { outboxScale } from './support/scale-outbox';

const PARTS = ['access', 'activity', 'outbox'] as const;
type Part = (typeof PARTS)[number];

function chosenParts(): Part[] {
  const names = (process.env.BENCH_SCALE_PARTS ?? PARTS.join(',')).split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(PARTS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown BENCH_SCALE_PARTS: ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
  return names as Part[];
}

export async function main(): Promise<void> {
  const parts = chosenParts();
  const started = Date.now();
  if (parts.includes('access') || parts.includes('activity')) {
    // One system for both: the services as separate processes, as `npm start` runs them.
    progress('starting the four services');
    const sut = await SystemUnderTest.start({}, { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000' });
    const interruptible = cleanUpOnInterrupt(() => sut.stop());
    try {
      if (parts.includes('access')) {
        await timedPart('access part', async () => {
          progress('access: onboarding a customer');
          await accessScale(sut, await onboardCustomer(sut, 'a1a1a1a1'));
        });
      }
      if (parts.includes('activity')) await timedPart('activity part', () => activityScale(sut));
    } finally {
      interruptible();
      await sut.stop();
    }
  }
  if (parts.includes('outbox')) await timedPart('outbox part', outboxScale);
  process.stdout.write(`scale bench: ${Math.round((Date.now() - started) / 1000)} s in all\n`);
}

if (require.main === module) main().then(() => process.exit(0), (error) => { console.error(error); process.exit(1); });
