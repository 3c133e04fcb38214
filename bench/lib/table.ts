import { type Figure, formatQuantity, formatRatio } from "./figure.ts";

const HEADER = ["figure", "measured", "baseline (same run)", "ratio", "target", "met"];

/** Whether a goal was met, as every page prints it; a reference figure has no goal to meet. */
export function metText(met: boolean | null): string {
  return met === null ? "—" : met ? "yes" : "no";
}

function row(figure: Figure): string[] {
  return [
    figure.title,
    formatQuantity(figure.measured),
    figure.baseline ? `${formatQuantity(figure.baseline)} (${figure.baseline.label})` : "absolute",
    formatRatio(figure.ratio),
    figure.target.text,
    metText(figure.target.met),
  ];
}

/** A Markdown table, readable in a terminal and pasteable into the README as is. */
export function renderTable(figures: readonly Figure[]): string {
  const rows = [HEADER, ...figures.map(row)];
  const widths = HEADER.map((_, column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  return [
    line(HEADER),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.slice(1).map(line),
  ].join("\n");
}
