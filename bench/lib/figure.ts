/** One line of the bench table and one entry of results.json. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  /** The headline number, e.g. a median in ms or req/s. */
  readonly measured: Quantity;
  /** What the same machine does without hookbridge, measured in the same run. */
  readonly baseline?: Quantity & { readonly label: string };
  /** measured ÷ baseline (or the figure's own ratio, as its note says). */
  readonly ratio?: number;
  /** The goal and whether this run met it; `met` is null for a figure shown for reference only. */
  readonly target: { readonly text: string; readonly met: boolean | null };
  /** Every absolute number behind the headline. */
  readonly details: Readonly<Record<string, unknown>>;
  /** How it was measured, when a reader needs to know to trust it. */
  readonly notes: readonly string[];
}

export interface Quantity {
  readonly value: number;
  readonly unit: string;
}

export function formatQuantity(quantity: Quantity): string {
  const { value, unit } = quantity;
  const text = Math.abs(value) >= 100 ? Math.round(value).toLocaleString("en-US") : String(value);
  return unit === "" ? text : `${text} ${unit}`;
}

/** A ratio as the tables print it: two decimals, three below 0.1 so a small one does not read 0.00×. */
export function formatRatio(ratio: number | undefined): string {
  if (ratio === undefined) return "—";
  return `${ratio.toFixed(Math.abs(ratio) < 0.1 && ratio !== 0 ? 3 : 2)}×`;
}
