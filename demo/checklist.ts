/** Collects what each hop should have done, so the demo can exit non-zero when one did not. */
export class Checklist {
  readonly #results: { ok: boolean; what: string; detail?: string }[] = [];

  expect(ok: boolean, what: string, detail?: string): void {
    this.#results.push({ ok, what, ...(ok || !detail ? {} : { detail }) });
  }

  get failed(): number {
    return this.#results.filter((result) => !result.ok).length;
  }

  report(seconds: number): string {
    const failures = this.#results.filter((result) => !result.ok);
    const lines = [
      `\n${this.#results.length - failures.length} of ${this.#results.length} checks passed in ${seconds.toFixed(1)} s.`,
    ];
    for (const failure of failures) {
      lines.push(`✗ ${failure.what}`);
      if (failure.detail)
        lines.push(
          failure.detail
            .trim()
            .split("\n")
            .slice(-8)
            .map((line) => `    ${line}`)
            .join("\n"),
        );
    }
    return lines.join("\n");
  }
}
