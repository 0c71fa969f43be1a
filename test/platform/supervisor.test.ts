// The launcher's supervisor (scripts/supervisor.js): its restart policy with a given clock, and
// real child processes that crash, crash in a loop, or keep running.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { eventually } from '@support-hub/testing';

interface Decision {
  giveUp: boolean;
  delayMs?: number;
  attempt?: number;
  crashes?: number;
}
interface SupervisorOptions {
  log(line: string): void;
  onGiveUp?(label: string): void;
  onRestart?(label: string): void;
  initialDelayMs?: number;
  maxDelayMs?: number;
  maxCrashes?: number;
  crashWindowMs?: number;
  stableAfterMs?: number;
}
interface SupervisorModule {
  RestartPolicy: new (options?: Partial<SupervisorOptions>) => { onExit(startedAt: number, now: number): Decision };
  Supervisor: new (options: SupervisorOptions) => {
    add(label: string, command: string, args: string[]): ChildProcess;
    childOf(label: string): ChildProcess | undefined;
    givenUp(): string[];
    stop(groups?: string[][]): Promise<void>;
  };
}
const { RestartPolicy, Supervisor } = require(join(__dirname, '..', '..', 'scripts', 'supervisor')) as SupervisorModule;

describe('RestartPolicy', () => {
  const options = { initialDelayMs: 1_000, maxDelayMs: 8_000, maxCrashes: 5, crashWindowMs: 60_000, stableAfterMs: 30_000 };

  it('doubles the delay with each crash in a row, up to the maximum', () => {
    const sut = new RestartPolicy({ ...options, maxCrashes: 100 });
    const delays = [0, 1, 2, 3, 4, 5].map((minute) => sut.onExit(minute * 61_000, minute * 61_000 + 10).delayMs);
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  it('starts again from the shortest delay after a process stayed up', () => {
    const sut = new RestartPolicy(options);
    sut.onExit(0, 10);
    expect(sut.onExit(1_000, 2_000).delayMs).toBe(2_000);
    expect(sut.onExit(2_000, 2_000 + 30_000)).toEqual({ giveUp: false, delayMs: 1_000, attempt: 2 });
  });

  it(`gives up at the ${options.maxCrashes}th crash within the window, not when crashes are spread out`, () => {
    const looping = new RestartPolicy(options);
    const decisions = [0, 1, 2, 3, 4].map((second) => looping.onExit(second * 1_000, second * 1_000 + 100));
    expect(decisions.map(({ giveUp }) => giveUp)).toEqual([false, false, false, false, true]);
    expect(decisions[4].crashes).toBe(5);

    const spread = new RestartPolicy(options);
    const spreadOut = [0, 1, 2, 3, 4, 5, 6].map((minute) => spread.onExit(minute * 20_000, minute * 20_000 + 100).giveUp);
    expect(spreadOut).not.toContain(true);
  });
});

describe('Supervisor (real processes)', () => {
  const node = process.execPath;
  const lines: string[] = [];
  const givenUp: string[] = [];
  const restarted: string[] = [];
  const sut = new Supervisor({
    log: (line) => void lines.push(line),
    onGiveUp: (label) => void givenUp.push(label),
    onRestart: (label) => void restarted.push(label),
    initialDelayMs: 10,
    maxDelayMs: 40,
    maxCrashes: 4,
    crashWindowMs: 60_000,
  });

  afterAll(() => sut.stop());

  it('restarts a killed process, gives up on a crash loop with its last lines, and never touches the others', async () => {
    const steady = sut.add('steady', node, ['-e', 'setInterval(() => {}, 1000)']);
    const killed = sut.add('killed', node, ['-e', 'setInterval(() => {}, 1000)']);
    sut.add('looping', node, ['-e', 'console.error("cannot open the database"); process.exit(3)']);

    killed.kill('SIGKILL');
    const again = await eventually(() => restarted.includes('killed') && sut.childOf('killed'), { what: 'killed restarted' });
    expect(again.pid).not.toBe(killed.pid);
    expect(lines).toContain('killed exited (SIGKILL); restarting it in 0.01 s (attempt 2)');

    await eventually(() => givenUp.includes('looping'), { what: 'the crash loop given up' });
    const verdict = lines.find((line) => line.startsWith('looping exited (code 3), its 4th crash'));
    expect(verdict).toContain('giving up on it; the rest keep running');
    expect(verdict).toContain('cannot open the database');
    expect(lines.filter((line) => line.startsWith('looping exited')).map((line) => /restarting it in ([\d.]+) s/.exec(line)?.[1])).toEqual(['0.01', '0.02', '0.04', undefined]);

    expect(sut.childOf('steady')).toBe(steady);
    expect(steady.exitCode).toBeNull();
    expect(sut.givenUp()).toEqual(['looping']);
  });

  it('stops everything and restarts nothing once stopping', async () => {
    const children = ['killed', 'steady'].map((label) => sut.childOf(label)!);
    await sut.stop([['killed'], ['steady']]);
    expect(children.map((child) => child.signalCode)).toEqual(['SIGTERM', 'SIGTERM']);
    expect(['killed', 'steady'].map((label) => sut.childOf(label))).toEqual(children);
  });
});
