import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { percentile } from './stats';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** Drives one URL for `seconds` with `connections` keep-alive connections (autocannon). */
export async function load(url: string, headers: Record<string, string>, seconds: number, connections = 50): Promise<LoadResult> {
  const result = await autocannon({ url, headers, duration: seconds, connections, pipelining: 1 });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export interface Comparison {
  baseline: LoadResult;
  ours: LoadResult;
  /** Median over the rounds of ours / baseline requests per second, with the lowest and highest. */
  ratio: { median: number; min: number; max: number };
}

/**
 * Throughput of `ours` next to `baseline`, alternating them for `rounds` rounds of
 * `seconds / rounds` each after a warm-up: on a small shared machine, whatever else runs
 * then slows both alike, and the median ratio is stable where one long run of each is not.
 */
export async function compareLoads(baselineUrl: string, oursUrl: string, headers: Record<string, string>, seconds: number, rounds = 5): Promise<Comparison> {
  await load(baselineUrl, headers, 2);
  await load(oursUrl, headers, 2);
  const baselines: LoadResult[] = [];
  const ourRuns: LoadResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baselines.push(await load(baselineUrl, headers, seconds / rounds));
    ourRuns.push(await load(oursUrl, headers, seconds / rounds));
  }
  const ratios = ourRuns.map((run, index) => run.requestsPerSecond / baselines[index].requestsPerSecond).sort((a, b) => a - b);
  return {
    baseline: medianRun(baselines),
    ours: medianRun(ourRuns),
    ratio: { median: ratios[Math.floor(ratios.length / 2)], min: ratios[0], max: ratios[ratios.length - 1] },
  };
}

function medianRun(runs: LoadResult[]): LoadResult {
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return {
    requestsPerSecond: median(runs.map((run) => run.requestsPerSecond)),
    p50Ms: median(runs.map((run) => run.p50Ms)),
    p99Ms: median(runs.map((run) => run.p99Ms)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
  };
}

export function printTable(title: string, rows: Record<string, string | number>[]): void {
  process.stdout.write(`\n## ${title}\n`);
  console.table(rows);
}

/**
 * For slow requests (hundreds of ms to seconds), where autocannon's per-second sampling reads
 * 0: `workers` clients each send one request after the other for `seconds`, and at least
 * `minEach` requests each; every latency is kept.
 */
export async function closedLoop(url: string, headers: Record<string, string>, seconds: number, workers = 4, minEach = 3): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(Array.from({ length: workers }, async () => {
    for (let sent = 0; sent < minEach || performance.now() < deadline; sent += 1) {
      const begun = performance.now();
      try {
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (!response.ok) non2xx += 1;
        latencies.push(performance.now() - begun);
      } catch {
        errors += 1;
      }
    }
  }));
  const elapsedS = (performance.now() - started) / 1000;
  return { requestsPerSecond: Math.round((latencies.length / elapsedS) * 10) / 10, p50Ms: Math.round(percentile(latencies, 50)), p99Ms: Math.round(percentile(latencies, 99)), errors, non2xx };
}
