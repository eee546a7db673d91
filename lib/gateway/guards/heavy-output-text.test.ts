import { describe, expect, it } from "vitest";
import { heavyOutputText } from "./heavy-output-text";

// What the heavy rules read of each kind of output the gateway returns to the model.

describe("heavyOutputText", () => {
  it("tools/call: the content blocks' text and embedded text resources; structuredContent only when there is no text", () => {
    expect(heavyOutputText({ content: [{ type: "text", text: "a" }, { type: "image", data: "AAAA" }, { type: "resource", resource: { uri: "x:1", text: "b" } }] })).toBe("a\nb");
    expect(heavyOutputText({ content: [], structuredContent: { k: "v" } })).toBe('{"k":"v"}');
    expect(heavyOutputText({ content: [{ type: "text", text: "a" }], structuredContent: { k: "v" } })).toBe("a");
  });

  it("resources/read: the text contents, not blobs", () => {
    expect(heavyOutputText({ contents: [{ uri: "file:///a.md", mimeType: "text/markdown", text: "# Notes" }, { uri: "file:///b.png", blob: "iVBORw0K" }] })).toBe("# Notes");
  });

  it("prompts/get: every message's text, embedded resources included", () => {
    const prompt = {
      description: "d",
      messages: [
        { role: "user", content: { type: "text", text: "Review this" } },
        { role: "user", content: { type: "resource", resource: { uri: "x:2", text: "the file" } } },
        { role: "assistant", content: { type: "image", data: "AAAA", mimeType: "image/png" } },
      ],
    };
    expect(heavyOutputText(prompt)).toBe("Review this\nthe file");
  });

  it("nothing to read, or not an object: empty", () => {
    for (const v of [null, undefined, "text", 42, {}, { content: "x" }, { contents: [null, 1] }, { messages: [null, { content: null }] }]) expect(heavyOutputText(v)).toBe("");
  });
});
