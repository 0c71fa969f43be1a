import { DrainLoop } from './drain-loop';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe(DrainLoop.name, () => {
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  let loop: DrainLoop | undefined;

  afterEach(async () => {
    await loop?.stop();
    warnings.length = 0;
  });

  it('passes while the pass says more is waiting, then rests', async () => {
    let left = 3;
    const pass = jest.fn(async () => --left > 0);
    loop = new DrainLoop('test pass', 60_000, pass, logger);
    loop.start();
    await loop.idle();
    expect(pass).toHaveBeenCalledTimes(3);
  });

  it('coalesces nudges that come during a pass into one more pass, and never runs two at once', async () => {
    let release!: () => void;
    let running = 0;
    let most = 0;
    const pass = jest.fn(async () => {
      running += 1;
      most = Math.max(most, running);
      if (pass.mock.calls.length === 1) await new Promise<void>((resolve) => (release = resolve));
      running -= 1;
      return false;
    });
    loop = new DrainLoop('test pass', 60_000, pass, logger);
    loop.start();
    loop.nudge();
    loop.nudge();
    loop.nudge();
    release();
    await loop.idle();
    expect([pass.mock.calls.length, most]).toEqual([2, 1]);
  });

  it('logs a failed pass and waits for the next nudge', async () => {
    const pass = jest.fn().mockRejectedValueOnce(new Error('database unreachable')).mockResolvedValue(false);
    loop = new DrainLoop('test pass', 60_000, pass, logger);
    loop.start();
    await loop.idle();
    expect(warnings).toEqual(['test pass failed, retrying on the next nudge or poll: database unreachable']);
    loop.nudge();
    await loop.idle();
    expect(pass).toHaveBeenCalledTimes(2);
  });

  it('ignores nudges once stopped, and stopping waits for the pass in progress', async () => {
    let finished = false;
    const pass = jest.fn(async () => {
      await settled();
      finished = true;
      return false;
    });
    loop = new DrainLoop('test pass', 60_000, pass, logger);
    loop.start();
    await loop.stop();
    expect(finished).toBe(true);
    loop.nudge();
    await settled();
    expect(pass).toHaveBeenCalledTimes(1);
  });
});
