/** Columns padded to their widest cell; numbers right-aligned so digits line up. */

export type Align = 'left' | 'right';

export interface Column {
  header: string;
  align: Align;
}

export function table(columns: readonly Column[], rows: readonly (readonly string[])[], gap = 2): string[] {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join(' '.repeat(gap))
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map((row) => line(row))];
}
