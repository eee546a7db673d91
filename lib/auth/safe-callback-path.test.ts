import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./safe-callback-path";

const ORIGIN = "http://127.0.0.1:4800";

describe("safeCallbackPath", () => {
  it.each([
    ["/", "/"],
    ["/approvals", "/approvals"],
    ["/approvals?status=pending#top", "/approvals?status=pending#top"],
    ["/events/abc%20def", "/events/abc%20def"],
    ["/a/../budgets", "/budgets"],
    [`${ORIGIN}/alerts?x=1`, "/alerts?x=1"],
  ])("keeps the same-origin path %j as %j", (raw, expected) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(expected);
  });

  it.each([
    // another origin, in every spelling the probe and the browsers' URL parsers know
    "https://evil.example",
    "https://evil.example/approvals",
    "http://127.0.0.2:4802/pwned",
    "//evil.example",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\127.0.0.2:4802/pwned",
    "/%5C127.0.0.2:4802/pwned",
    "/%5c127.0.0.2:4802/pwned",
    "/%2F%2Fevil.example",
    "/%2fevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/./\u0000/evil",
    "/.//evil.example",
    "/a/..//evil.example",
    "/\u2028/evil.example",
    "/\u00a0/evil.example",
    "/\ufeff/evil.example",
    // schemes that run or leave
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:a@evil.example",
    `${ORIGIN.replace("4800", "4801")}/approvals`,
    "http://user:pass@127.0.0.1:4800/approvals",
    "evil.example",
    "approvals",
    "",
    "x".repeat(3000),
  ])("refuses %j", (raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
  });

  it("refuses anything but a string, and absolute URLs when no origin is known", () => {
    for (const raw of [undefined, null, 42, ["/approvals"], { href: "/" }]) expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
    expect(safeCallbackPath(`${ORIGIN}/alerts`)).toBe("/");
  });
});
