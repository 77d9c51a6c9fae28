/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * How the worker's pages show records, public and console alike: a table with its caption and
 * column headers (every header `scope="col"`, so screen readers announce it with each cell), and the
 * optional entries of a summary list (a term shown only when it has a value).
 */
import type { Child } from 'hono/jsx';

export interface TableProps {
  class?: string;
  /** Shown above the table; `captionClass` (e.g. visually-hidden) styles it. */
  caption?: Child;
  captionClass?: string;
  /** The column headers, in order; `false` leaves a column out (e.g. an action column not shown). */
  head: (Child | false)[];
  /** The body rows. */
  children?: Child;
  /** data-* attributes the tests and scripts find the table by. */
  [data: `data-${string}`]: string | undefined;
}

export function Table({ class: cls, caption, captionClass, head, children, ...data }: TableProps) {
  return (
    <table class={cls} {...data}>
      {caption !== undefined && <caption class={captionClass}>{caption}</caption>}
      <thead>
        <tr>
          {head
            .filter((h) => h !== false)
            .map((h) => (
              <th scope="col">{h}</th>
            ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A row's header cell that links to the record the row shows. */
export function RowLink({ href, children }: { href: string; children: Child }) {
  return (
    <th scope="row">
      <a href={href}>{children}</a>
    </th>
  );
}

/** The console's wide table: scrolls sideways inside its wrapper on narrow screens. */
export function OfficeTable(props: Omit<TableProps, 'class'>) {
  return (
    <div class="office-table-wrap">
      <Table class="office-table" {...props} />
    </div>
  );
}

/**
 * One term of a summary list (<dl>) and its value, left out when there is no value (an empty string,
 * null, undefined or false), as `{value && <><dt>…</dt><dd>…</dd></>}` did in each view.
 */
export function Entry({ term, value }: { term: Child; value: string | null | undefined | false }) {
  if (!value) return null;
  return (
    <>
      <dt>{term}</dt>
      <dd>{value}</dd>
    </>
  );
}
