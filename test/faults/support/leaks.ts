import { CONFIDENTIAL } from "./secrets.ts";

/**
 * Collects everything a test run let out (log lines, answer bodies, action output) and reports
 * any secret or token found in it, with where it was found but never the value itself.
 */
export class LeakScan {
  readonly #texts: { where: string; text: string }[] = [];
  readonly #secrets: readonly string[];

  constructor(secrets: readonly string[] = CONFIDENTIAL) {
    this.#secrets = secrets.filter((secret) => secret.length >= 8);
  }

  add(where: string, text: string): void {
    this.#texts.push({ where, text });
  }

  get size(): number {
    return this.#texts.length;
  }

  /** One line per hit: "where: secret #n". */
  hits(): string[] {
    const found: string[] = [];
    for (const { where, text } of this.#texts) {
      this.#secrets.forEach((secret, index) => {
        if (text.includes(secret)) found.push(`${where}: secret #${index + 1}`);
      });
    }
    return found;
  }
}
