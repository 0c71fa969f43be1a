import { performance } from 'node:perf_hooks';
import { percentile, round } from './stats';

/** One request of a workload: its operation's name and how to send it (throws on a wrong answer). */
export interface Request {
  operation: string;
  send(): Promise<void>;
}

export interface OperationFigures {
  operation: string;
  requests: number;
  /** Answered without error per second, from the first scheduled start to the last answer. */
  achievedPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

export interface StepResult {
  offeredPerSecond: number;
  achievedPerSecond: number;
  operations: OperationFigures[];
  errors: number;
}

/**
 * Open-loop load: request i is started at `start + i / rate`, whether or not the earlier ones
 * have been answered, and its latency is counted from that scheduled time. A closed loop
 * (send, wait, send) slows down with the system and hides its queueing (coordinated
 * omission); here a system that falls behind shows it in the latencies and the achieved rate.
 * `next` picks each request when it is due, so it sees the effects of those already answered.
 */
export async function offerLoad(rate: number, seconds: number, next: () => Request): Promise<StepResult> {
  const latencies = new Map<string, number[]>();
  const errors = new Map<string, number>();
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  const total = Math.max(1, Math.round(rate * seconds));
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const early = due - performance.now();
    // The schedule's clock; when the timer fires late, the requests already due go at once.
    if (early >= 1) await new Promise((resolve) => setTimeout(resolve, early));
    const request = next();
    if (!latencies.has(request.operation)) latencies.set(request.operation, []);
    const answered = request.send().then(
      () => void latencies.get(request.operation)!.push(performance.now() - due),
      (error: Error) => {
        const count = (errors.get(request.operation) ?? 0) + 1;
        errors.set(request.operation, count);
        if (count <= 3) console.error(`${request.operation}: ${error.message}`);
      },
    );
    inFlight.add(answered);
    void answered.finally(() => inFlight.delete(answered));
  }
  await Promise.all(inFlight);
  const elapsedS = (performance.now() - started) / 1000;
  const operations = [...latencies.entries()].map(([operation, samples]) => ({
    operation,
    requests: samples.length + (errors.get(operation) ?? 0),
    achievedPerSecond: round(samples.length / elapsedS),
    p50Ms: round(percentile(samples, 50)),
    p99Ms: round(percentile(samples, 99)),
    errors: errors.get(operation) ?? 0,
  }));
  const answered = operations.reduce((sum, figures) => sum + figures.requests - figures.errors, 0);
  const errorCount = operations.reduce((sum, figures) => sum + figures.errors, 0);
  return { offeredPerSecond: rate, achievedPerSecond: round(answered / elapsedS), operations, errors: errorCount };
}

/**
 * Whether a step held its rate: no errors, every operation's p99 under `p99LimitMs` (an
 * operation with no successful answer has no p99, which fails too), and the answers kept up
 * with the offer (the achieved rate within 10% of it).
 */
export function held(step: StepResult, p99LimitMs: number): boolean {
  return step.errors === 0
    && step.operations.every((figures) => figures.p99Ms < p99LimitMs)
    && step.achievedPerSecond >= 0.9 * step.offeredPerSecond;
}

/** The slowest operation of a step by p99, for the ramp's table. */
export function slowest(step: StepResult): OperationFigures | undefined {
  return [...step.operations].sort((a, b) => (Number.isNaN(b.p99Ms) ? Infinity : b.p99Ms) - (Number.isNaN(a.p99Ms) ? Infinity : a.p99Ms))[0];
}

/** A weighted choice: `weights` map each option to its share (any positive numbers). */
export function weightedPick<T extends string>(weights: Record<T, number>, random = Math.random): T {
  const entries = Object.entries(weights) as [T, number][];
  let dice = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [option, weight] of entries) {
    dice -= weight;
    if (dice < 0) return option;
  }
  return entries[entries.length - 1]![0];
}
