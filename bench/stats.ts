/** Small helpers shared by the benchmarks. */
export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return NaN;
  const i = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[i]!;
}

export async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number; samples: number[] }> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), samples };
}

export function ms(x: number): string {
  return x < 1 ? `${x.toFixed(3)} ms` : `${x.toFixed(2)} ms`;
}

/** Peak resident memory of this process so far, in MB (Linux reports it; elsewhere current RSS). */
export function peakRssMb(): number {
  const usage = process.resourceUsage();
  return Math.round(usage.maxRSS / 1024);
}
