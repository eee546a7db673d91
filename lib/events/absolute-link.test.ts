import { describe, expect, it } from "vitest";
import { toAbsoluteLink } from "./absolute-link";

const now = new Date("2026-12-06T08:00:00.000Z");

describe("toAbsoluteLink", () => {
  it("turns the default 24 h view into range=custom with from/to ending now, keeping filters and the open event", () => {
    const out = new URL(toAbsoluteLink("https://w.example/events?tool=send_email&event=abc&at=2026-12-06T07%3A00%3A00.000Z", now));
    expect(out.searchParams.get("range")).toBe("custom");
    expect(out.searchParams.get("from")).toBe("2026-12-05T08:00:00.000Z");
    expect(out.searchParams.get("to")).toBe("2026-12-06T08:00:00.000Z");
    expect(out.searchParams.get("tool")).toBe("send_email");
    expect(out.searchParams.get("event")).toBe("abc");
  });

  it("uses the link's preset length and drops live tail (a fixed window does not tail)", () => {
    const out = new URL(toAbsoluteLink("https://w.example/events?range=1h&live=1", now));
    expect(out.searchParams.get("from")).toBe("2026-12-06T07:00:00.000Z");
    expect(out.searchParams.has("live")).toBe(false);
  });

  it("keeps an absolute window as it is and marks it custom", () => {
    const out = new URL(toAbsoluteLink("https://w.example/events?from=2026-12-01T00%3A00%3A00.000Z&to=2026-12-02T00%3A00%3A00.000Z", now));
    expect(out.searchParams.get("range")).toBe("custom");
    expect(out.searchParams.get("from")).toBe("2026-12-01T00:00:00.000Z");
    expect(out.searchParams.get("to")).toBe("2026-12-02T00:00:00.000Z");
  });
});
