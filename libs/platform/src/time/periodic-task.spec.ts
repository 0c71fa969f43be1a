import { PeriodicTask } from './periodic-task';

describe(PeriodicTask.name, () => {
  afterEach(() => jest.useRealTimers());

  it('runs on every tick, never twice at once, and logs a failure instead of throwing', async () => {
    jest.useFakeTimers();
    const logger = { warn: jest.fn() };
    let release!: () => void;
    let runs = 0;
    const sut = new PeriodicTask('sweep', 1_000, () => {
      runs++;
      return runs === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.reject(new Error('database down'));
    }, logger);
    sut.start();
    jest.advanceTimersByTime(3_000); // three ticks while the first run is still going
    expect(runs).toBe(1);
    release();
    await Promise.resolve();
    await Promise.resolve();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(runs).toBe(2);
    expect(logger.warn).toHaveBeenCalledWith('sweep failed: database down');
    sut.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(runs).toBe(2);
  });

  it('is off with an interval of 0, and runNow joins the run in progress', async () => {
    jest.useFakeTimers();
    const work = jest.fn(() => Promise.resolve());
    const sut = new PeriodicTask('resync', 0, work, { warn: jest.fn() });
    sut.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(work).not.toHaveBeenCalled();
    await Promise.all([sut.runNow(), sut.runNow()]);
    expect(work).toHaveBeenCalledTimes(1);
  });
});
