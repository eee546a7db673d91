import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "../../lib/events/csv";
import { decodeCursor, encodeCursor } from "../../lib/events/cursor";
import { containsPattern } from "../../lib/events/like-pattern";

describe("CSV export cells", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const s of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\r=x"]) expect(csvCell(s).replace(/^"/, "").startsWith("'")).toBe(true);
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("plain")).toBe("plain");
  });

  it("quotes commas, quotes and newlines, and writes null as empty", () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
    expect(csvCell({ to: "x@y" })).toBe('"{""to"":""x@y""}"');
    expect(csvRow(["a", 1, null])).toBe("a,1,\r\n");
  });
});

describe("explorer cursor", () => {
  it("round-trips (ts, id) and refuses anything it did not issue", () => {
    const c = { ts: "2026-03-10T10:00:00.123Z", id: "0b7c3d2e-5f61-4a8b-9c0d-1e2f3a4b5c6d" };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from("2026-03-10T10:00:00Z|'; DROP TABLE events;--").toString("base64url"))).toBeNull();
  });
});

describe("free-text search pattern", () => {
  it("matches the text literally: %, _ and backslash are escaped", () => {
    expect(containsPattern("read_file")).toBe("%read\\_file%");
    expect(containsPattern("100%")).toBe("%100\\%%");
    expect(containsPattern("a\\b")).toBe("%a\\\\b%");
  });
});
