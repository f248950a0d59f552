import type { GroupResult } from './harness.js';

export interface BenchEnvironment {
  date: string;
  machine: string;
  cpus: number;
  node: string;
  server: string;
  engines: string[];
  quick: boolean;
}

const format = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);

function targetText(target: { min?: number; max?: number; pass: boolean } | undefined): string {
  if (!target) return '';
  const bound = target.min !== undefined ? `≥ ${target.min}×` : `≤ ${target.max}×`;
  return `${bound} ${target.pass ? 'pass' : '**FAIL**'}`;
}

/** The results as markdown tables, one per group, with the environment on top. */
export function toMarkdown(environment: BenchEnvironment, groups: GroupResult[]): string {
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${environment.date} on ${environment.machine} (${environment.cpus} cores), Node ${environment.node}, ${environment.server}; vector engines: ${environment.engines.join(', ') || 'none'}${environment.quick ? ' (quick run: fewer operations, not for publishing)' : ''}.`,
    '',
    "Throughput in operations per second: median of the repetitions, with min and max. The ratio is against the group's baseline (raw node-redis on the same server, in the same process): above 1 is faster.",
  ];
  for (const group of groups) {
    lines.push(
      '',
      `## ${group.suite}: ${group.name}`,
      '',
      '| case | ops/s median | min | max | ratio | target |',
      '|---|---:|---:|---:|---:|---|',
    );
    for (const result of group.cases) {
      lines.push(
        `| ${result.name}${result.name === group.baseline ? ' (baseline)' : ''} | ${format(result.median)} | ${format(result.min)} | ${format(result.max)} | ${result.ratio.toFixed(2)}× | ${targetText(result.target)} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
