import type { FaultStep } from "../../support/github-stand-in/index.ts";

/** One scripted GitHub failure; `hang` runs the relay's answer budget out. */
export type FaultKind = "500" | "502" | "reset" | "429" | "hang";

export function faultStep(kind: FaultKind): FaultStep {
  switch (kind) {
    case "500":
      return { status: 500 };
    case "502":
      return { status: 502 };
    case "reset":
      return { reset: true };
    case "429":
      return { status: 429, headers: { "retry-after": "1" } };
    case "hang":
      return { hang: true };
  }
}

/** The stand-in's "behave normally" step: it keeps a scripted queue aligned with the deliveries. */
export const PASS: FaultStep = { delayMs: 0 };

/**
 * How many times in a row GitHub fails each delivery, and how: at most three, so the fourth and
 * last attempt of DevRev's schedule always gets through. Hangs are capped.
 */
export function planFailures(count: number, random: () => number, maxHangs: number): FaultKind[][] {
  const kinds: FaultKind[] = ["500", "502", "reset", "429"];
  let hangs = 0;
  return Array.from({ length: count }, () => {
    const roll = random();
    const failures = roll < 0.7 ? 0 : roll < 0.85 ? 1 : roll < 0.95 ? 2 : 3;
    return Array.from({ length: failures }, () => {
      if (hangs < maxHangs && random() < 0.03) {
        hangs += 1;
        return "hang" as const;
      }
      return kinds[Math.floor(random() * kinds.length)] as FaultKind;
    });
  });
}
