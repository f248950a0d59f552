import { type GroupResult, type Measurement, withinBounds } from './harness.js';

export interface BenchEnvironment {
  date: string;
  machine: string;
  cpus: number;
  node: string;
  server: string;
  engines: string[];
  quick: boolean;
  /** Wall-clock seconds of the whole run. */
  seconds?: number;
}

/** A target of the issues, as the report's table shows it. */
export interface TargetRow {
  label: string;
  /** Where it was measured, e.g. the group's or the measurement's scope. */
  scope: string;
  measured: string;
  bound: string;
  /** Whether it passed; undefined when it could not be measured here. */
  pass: boolean | undefined;
  limit?: string;
}

const format = (value: number) =>
  value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);

const boundText = (target: { min?: number; max?: number }, unit = '×') =>
  [
    target.min !== undefined ? `≥ ${target.min}${unit}` : '',
    target.max !== undefined ? `≤ ${target.max}${unit}` : '',
  ]
    .filter(Boolean)
    .join(', ');

const UNIT_SUFFIX: Record<Measurement['unit'], string> = {
  ms: ' ms',
  'docs/s': '/s',
  bytes: ' B',
  share: '',
  ratio: '×',
};

/** A measurement's value as the report prints it. */
export function formatMeasurement(measurement: Pick<Measurement, 'value' | 'unit'>): string {
  const { value, unit } = measurement;
  if (unit === 'bytes') {
    if (value >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(2)} MiB`;
    return `${(value / 1024).toFixed(1)} KiB`;
  }
  if (unit === 'share') return value.toFixed(3);
  if (unit === 'ms') return `${value.toFixed(3)} ms`;
  return `${format(value)}${UNIT_SUFFIX[unit]}`;
}

/** Every target of the run: those on throughput ratios, then those on measurements. */
export function targetRows(groups: GroupResult[], measurements: Measurement[]): TargetRow[] {
  const rows: TargetRow[] = [];
  for (const group of groups) {
    for (const result of group.cases) {
      if (!result.target) continue;
      rows.push({
        label: result.target.label,
        scope: `${group.suite}: ${group.short ?? group.name} — ${result.name}`,
        measured: `${result.ratio.toFixed(2)}×`,
        bound: boundText(result.target),
        pass: result.target.pass,
        ...(result.target.limit ? { limit: result.target.limit } : {}),
      });
    }
  }
  for (const measurement of measurements) {
    const { target } = measurement;
    if (!target) continue;
    rows.push({
      label: target.label,
      scope: `${measurement.suite}: ${measurement.name}, ${measurement.scope}`,
      measured: measurement.skipped ? '—' : formatMeasurement(measurement),
      bound: boundText(target, UNIT_SUFFIX[measurement.unit]) || '—',
      pass: measurement.skipped
        ? undefined
        : (target.pass ?? withinBounds(measurement.value, target)),
      ...(measurement.skipped || target.limit
        ? { limit: measurement.skipped ? `not run: ${measurement.skipped}` : target.limit }
        : {}),
    });
  }
  return rows;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The measurements of one suite as one table: a row per scope, a column per name. */
function measurementTable(measurements: Measurement[]): string[] {
  const names = [...new Set(measurements.map((measurement) => measurement.name))];
  const scopes = [...new Set(measurements.map((measurement) => measurement.scope))];
  const lines = [
    `| | ${names.map(cell).join(' | ')} |`,
    `|---|${names.map(() => '---:').join('|')}|`,
  ];
  for (const scope of scopes) {
    const values = names.map((name) => {
      const found = measurements.find(
        (measurement) => measurement.scope === scope && measurement.name === name,
      );
      return found ? formatMeasurement(found) : '';
    });
    lines.push(`| ${cell(scope)} | ${values.join(' | ')} |`);
  }
  return lines;
}

/** The whole report as markdown: environment, targets, chart, measurements, every group. */
export function toMarkdown(
  environment: BenchEnvironment,
  groups: GroupResult[],
  measurements: Measurement[],
  files: { json: string; chart: string } = {
    json: 'results/latest.json',
    chart: 'results/ratios.svg',
  },
): string {
  const targets = targetRows(groups, measurements);
  const passed = targets.filter((row) => row.pass === true).length;
  const result = (row: TargetRow) =>
    row.pass === undefined ? 'not run' : row.pass ? 'pass' : '**miss**';
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${environment.date} by one \`pnpm bench\` run${environment.seconds ? ` of ${Math.round(environment.seconds / 60)} minutes` : ''} on ${environment.machine} (${environment.cpus} cores), Node ${environment.node}, ${environment.server}; vector engines: ${environment.engines.join(', ') || 'none'}${environment.quick ? ' (quick run: fewer operations, not for publishing)' : ''}. The raw data is \`${files.json}\`.`,
    '',
    "Throughput is in operations per second: the median of the repetitions, with min and max. A case's ratio is the median, over the repetitions, of its throughput divided by the same repetition of its group's baseline (raw node-redis on the same server, in the same process, the cases interleaved): above 1 is faster. Latencies are measured one call at a time.",
    '',
    `![Throughput ratios to raw node-redis](${files.chart})`,
    '',
    `## Targets: ${passed} of ${targets.length} pass${targets.some((row) => row.pass === undefined) ? ` (${targets.filter((row) => row.pass === undefined).length} could not run on this server)` : ''}`,
    '',
    '| target | measured on | measured | bound | result |',
    '|---|---|---:|---|---|',
    ...targets.map(
      (row) =>
        `| ${cell(row.label)} | ${cell(row.scope)} | ${row.measured} | ${row.bound} | ${result(row)} |`,
    ),
  ];
  const missed = targets.filter((row) => row.pass !== true);
  if (missed.length > 0) {
    lines.push('', '### What limits the targets missed or not run', '');
    for (const row of missed) {
      lines.push(`- **${cell(row.label)}** (${row.measured}): ${row.limit ?? 'not explained.'}`);
    }
  }
  const tableOf = (measurement: Measurement) =>
    measurement.table ? `${measurement.suite}: ${measurement.table}` : measurement.suite;
  const tables = [...new Set(measurements.map(tableOf))];
  for (const table of tables) {
    const measured = measurements.filter((entry) => tableOf(entry) === table && !entry.skipped);
    if (measured.length === 0) continue;
    lines.push('', `## Measurements: ${table}`, '');
    lines.push(...measurementTable(measured));
  }
  lines.push('', '## Throughput, group by group');
  for (const group of groups) {
    lines.push(
      '',
      `### ${group.suite}: ${group.name}`,
      '',
      '| case | ops/s median | min | max | ratio | target |',
      '|---|---:|---:|---:|---:|---|',
    );
    for (const result of group.cases) {
      const target = result.target
        ? `${boundText(result.target)} ${result.target.pass ? 'pass' : '**miss**'}`
        : '';
      lines.push(
        `| ${cell(result.name)}${result.name === group.baseline ? ' (baseline)' : ''} | ${format(result.median)} | ${format(result.min)} | ${format(result.max)} | ${result.ratio.toFixed(2)}× | ${target} |`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
