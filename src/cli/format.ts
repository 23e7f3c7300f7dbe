import { Option } from 'commander';
import type { CliIO } from './io.js';

export type OutputFormat = 'table' | 'json';

export const formatOption = () =>
  new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table');

export function printJson(io: CliIO, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table; empty cells as "-". */
export function printTable<T>(
  io: Pick<CliIO, 'stdout'>,
  rows: T[],
  columns: [header: string, cell: (row: T) => unknown][],
): void {
  const cells = rows.map((row) => columns.map(([, cell]) => text(cell(row))));
  const widths = columns.map(([header], i) =>
    Math.max(header.length, ...cells.map((r) => r[i]?.length ?? 0)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.stdout(`${line(columns.map(([h]) => h.toUpperCase()))}\n`);
  for (const row of cells) io.stdout(`${line(row)}\n`);
}

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  return String(value);
}

export function output<T>(io: CliIO, format: OutputFormat, value: T, table: (value: T) => void): void {
  if (format === 'json') printJson(io, value);
  else table(value);
}
