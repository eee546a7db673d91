import { describe, expect, it } from "vitest";
import { deriveEventId, uuidV5 } from "./derive-event-id";
import { parseServerMap } from "./parse-server-map";

describe("OTLP helpers", () => {
  it("uuidV5 matches RFC 9562's algorithm (the DNS-namespace vector) and deriveEventId is stable and case-blind", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe("2ed6657d-e927-568b-95e1-2665a8aea6a2");
    const a = deriveEventId({ traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", spanId: "00F067AA0BA902B7" });
    expect(a).toBe(deriveEventId({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7" }));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(deriveEventId({ traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b8" }));
  });

  it("parseServerMap reads address[:port]=name pairs and names a bad entry", () => {
    expect([...parseServerMap("mcp.internal:8443=github, 10.0.0.7=filesystem,")]).toEqual([["mcp.internal:8443", "github"], ["10.0.0.7", "filesystem"]]);
    expect(parseServerMap(undefined).size).toBe(0);
    expect(() => parseServerMap("a=b,nope")).toThrow('entry "nope" is not address[:port]=name');
  });
});
