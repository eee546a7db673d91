import { describe, expect, it } from "vitest";
import { traceIdFromMeta } from "./trace-id-from-meta";

describe("traceIdFromMeta", () => {
  it("reads the trace id of a W3C traceparent in params._meta", () => {
    expect(traceIdFromMeta({ traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" })).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(traceIdFromMeta({ traceparent: "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future" })).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
  });

  it("ignores what is absent, malformed or invalid by the spec", () => {
    for (const tp of [undefined, 42, "", "00-XYZ-00f067aa0ba902b7-01", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"])
      expect(traceIdFromMeta(tp === undefined ? {} : { traceparent: tp })).toBeUndefined();
    expect(traceIdFromMeta(undefined)).toBeUndefined();
  });
});
