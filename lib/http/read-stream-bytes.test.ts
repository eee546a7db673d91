import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { readStreamBytes, StreamTooLargeError } from "./read-stream-bytes";

describe("readStreamBytes", () => {
  it("returns the whole content, across chunks", async () => {
    const s = new PassThrough();
    const read = readStreamBytes({ stream: s, maxBytes: 13 }); // bytes, not characters: exactly the limit
    s.write("héllo ");
    s.end("wörld");
    expect((await read).toString("utf8")).toBe("héllo wörld");
  });

  it("past maxBytes: StreamTooLargeError, and the stream is left undestroyed for the caller to drain or destroy", async () => {
    const s = new PassThrough();
    const read = readStreamBytes({ stream: s, maxBytes: 4 });
    s.write("12345");
    await expect(read).rejects.toBeInstanceOf(StreamTooLargeError);
    expect(s.destroyed).toBe(false);
    expect(s.listenerCount("data")).toBe(0);
  });

  it("a peer gone before the end is ERR_STREAM_PREMATURE_CLOSE; a stream error is passed on", async () => {
    const cut = new PassThrough();
    const early = readStreamBytes({ stream: cut });
    cut.write("partial");
    cut.destroy();
    await expect(early).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });
    const failing = new PassThrough();
    const broken = readStreamBytes({ stream: failing });
    failing.destroy(new Error("reset by peer"));
    await expect(broken).rejects.toThrow("reset by peer");
  });
});
