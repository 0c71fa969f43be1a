import { retrySpanMs } from './messaging.options';

describe(retrySpanMs.name, () => {
  it.each([
    [5, [1_000, 5_000, 30_000], 66_000],
    [3, [1_000, 5_000, 30_000], 6_000],
    [1, [1_000], 0],
    [4, [500], 1_500],
  ])('%i attempts with delays %j may retry for %i ms', (maxAttempts, retryDelaysMs, span) => {
    expect(retrySpanMs({ maxAttempts, retryDelaysMs })).toBe(span);
  });
});
