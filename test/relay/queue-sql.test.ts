/**
 * Both engines bind the store's `$name` parameters by position: a Durable Object's SQL takes
 * nothing else, and node:sqlite binds by position faster than by name.
 */
import { describe, expect, it } from "vitest";
import { positional } from "../../src/relay/queue/sql.ts";

describe("the store's statements as the engines bind them", () => {
  it("makes each $name a ?, lists the names in order (twice when used twice), and leaves JSON paths alone", () => {
    expect(
      positional(
        "UPDATE d SET a = $now, b = $by WHERE k = $key AND (v IS NULL OR $version IS NULL OR v <= $version) AND json_extract(r, '$.signedAt') < $now",
      ),
    ).toEqual({
      text: "UPDATE d SET a = ?, b = ? WHERE k = ? AND (v IS NULL OR ? IS NULL OR v <= ?) AND json_extract(r, '$.signedAt') < ?",
      names: ["$now", "$by", "$key", "$version", "$version", "$now"],
    });
    expect(positional("SELECT id FROM d WHERE dedupe_key = ?")).toEqual({
      text: "SELECT id FROM d WHERE dedupe_key = ?",
      names: [],
    });
  });
});
