/**
 * What the benchmarks share: metrics with their budgets, the printed table, and bench/results.json, into which
 * each benchmark merges its own metrics (by name) so that one file holds the latest figure of every metric.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

export interface Metric {
  name: string;
  value: number;
  unit: string;
  /** The rule the value must meet, e.g. "<= 296.2"; null for figures shown for comparison only. */
  budget: string | null;
  pass: boolean;
}

export interface Results {
  machine: string;
  date: string;
  metrics: Metric[];
}

export const RESULTS_FILE = new URL('./results.json', import.meta.url);

export const median = (values: readonly number[]): number => {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** A metric with a budget; the value passes when it meets `rule limit` before rounding. */
export function check(name: string, value: number, unit: string, rule: '<=' | '>=', limit: number): Metric {
  const pass = rule === '<=' ? value <= limit : value >= limit;
  const digits = unit === 'ratio' ? 3 : 1;
  return { name, value: round(value, digits), unit, budget: `${rule} ${round(limit, digits)}`, pass };
}

/** A figure shown for comparison only: no budget, always passes. */
export function comparison(name: string, value: number, unit: string, digits = 1): Metric {
  return { name, value: round(value, digits), unit, budget: null, pass: true };
}

export function printTable(metrics: readonly Metric[]): void {
  console.table(
    metrics.map((metric) => ({
      metric: metric.name,
      value: `${metric.value} ${metric.unit}`,
      budget: metric.budget ?? '(comparison)',
      result: metric.budget === null ? '' : metric.pass ? 'pass' : 'FAIL',
    })),
  );
}

/** CPU model and count, memory, OS and Node; callers add what else shaped their run (e.g. the browser). */
export function describeMachine(extra: readonly string[] = []): string {
  const cpu = os.cpus();
  return [
    `${cpu[0]?.model ?? 'unknown CPU'} ×${cpu.length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`,
    ...extra,
  ].join(', ');
}

/** Replaces this run's metrics in results.json (by name), keeping every other benchmark's. */
export function mergeResults(metrics: readonly Metric[], machine: string, file: URL = RESULTS_FILE): Results {
  const previous: Results | null = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Results)
    : null;
  const mine = new Set(metrics.map((metric) => metric.name));
  const results: Results = {
    machine,
    date: new Date().toISOString(),
    metrics: [...(previous?.metrics ?? []).filter((metric) => !mine.has(metric.name)), ...metrics],
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

/** Prints the failed budgets, if any, and says whether the run passed. */
export function reportFailures(metrics: readonly Metric[]): boolean {
  const failed = metrics.filter((metric) => !metric.pass);
  if (failed.length > 0) {
    console.error(`\n${failed.length} budget(s) failed: ${failed.map((metric) => metric.name).join(', ')}`);
  }
  return failed.length === 0;
}
