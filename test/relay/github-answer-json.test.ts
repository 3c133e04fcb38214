import { describe, expect, it } from "vitest";
import { answerJson } from "../../src/relay/github/api.ts";

describe("answerJson: an accepted GitHub answer's JSON", () => {
  it("reads an object, and gives {} for what is not one", async () => {
    expect(await answerJson(new Response('{"default_branch":"main"}'))).toEqual({
      default_branch: "main",
    });
    for (const text of ["[1]", "null", "{not json", ""])
      expect(await answerJson(new Response(text)), text).toEqual({});
  });

  it("stops reading past 256 KiB, whatever the API URL points at", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
      },
    });
    expect(await answerJson(new Response(endless))).toEqual({});
    expect(pulled).toBeLessThan(10);
  });
});
