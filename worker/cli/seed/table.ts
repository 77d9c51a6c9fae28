/**
 * Demo rows written as a table: one row a line, cells separated by `|`, blank lines ignored. The
 * demo's own sentences read best lined up like this, and a row cannot silently lose a field: a
 * line with another number of cells than `columns` throws.
 */
export function tableRows<const C extends readonly string[]>(columns: C, text: string): Record<C[number], string>[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      if (cells.length !== columns.length) throw new Error(`demo table: ${columns.length} cells expected (${columns.join(' | ')}), got ${cells.length}: ${line}`);
      return Object.fromEntries(columns.map((c, i) => [c, cells[i]])) as Record<C[number], string>;
    });
}
