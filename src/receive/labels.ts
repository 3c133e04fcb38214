// Labels are created by GitHub itself the first time something is labelled with an unknown name,
// so no request is spent making sure they exist.

/** Names from GitHub's label objects, which may also be plain strings. */
export function labelNames(labels: readonly (string | { readonly name?: string })[]): string[] {
  return labels
    .map((label) => (typeof label === "string" ? label : (label.name ?? "")))
    .filter((name) => name.length > 0);
}

export function missingLabels(current: readonly string[], wanted: readonly string[]): string[] {
  const have = new Set(current.map((name) => name.toLowerCase()));
  return wanted.filter((name) => !have.has(name.toLowerCase()));
}
