import { round } from './stats';

/**
 * The work sizes of a scale curve: 1×, 10× and 100× `base`, without those above BENCH_SCALE_MAX
 * (e.g. BENCH_SCALE_MAX=10000 for a quick run).
 */
export function scaleLevels(base: number): number[] {
  const max = Number(process.env.BENCH_SCALE_MAX ?? Infinity);
  const levels = [base, base * 10, base * 100].filter((level) => level <= max);
  return levels.length > 0 ? levels : [base];
}

/** A figure next to the same figure at 1× from the same run, e.g. "0.93×". */
export function ratioTo(first: number, value: number): string {
  return first > 0 && Number.isFinite(value) ? `${round(value / first, 2)}×` : '';
}

/** Runs `part`, prints how long it took: each curve's cost is part of its report. */
export async function timedPart(name: string, part: () => Promise<void>): Promise<void> {
  const started = Date.now();
  try {
    await part();
  } finally {
    process.stdout.write(`${name}: ${round((Date.now() - started) / 1000, 0)} s\n`);
  }
}

/** A line on stderr while a long part runs: where it is, and since when. */
export function progress(message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
