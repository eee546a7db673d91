import { describe, expect, it } from "vitest";
import { ApiError } from "./errors";
import { checkJsonValue, MAX_JSON_DEPTH } from "./check-json-value";
import { checkRequestTarget } from "./check-request-target";
import { mayBeTooDeep, parseJsonText } from "./parse-json-text";

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return err as ApiError;
  }
  throw new Error("did not throw");
};

describe("parseJsonText", () => {
  it("refuses JSON nested past the limit, naming the path and the limit, without overflowing the stack", () => {
    const deep = `${'{"a":['.repeat(200_000)}1${"]}".repeat(200_000)}`;
    const err = thrown(() => parseJsonText({ text: deep }));
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe("invalid_request");
    expect(err.message).toContain(`deeper than ${MAX_JSON_DEPTH} levels`);
    expect(err.options.issues?.[0].path).toMatch(/^a\[0\]\.a\[0\]/);
    const atLimit = `${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`;
    expect(parseJsonText({ text: atLimit })).toBeInstanceOf(Array);
  });

  it("names every NUL and unpaired surrogate in strings and keys, escaped", () => {
    const err = thrown(() => parseJsonText({ text: '{"a":"x\\u0000","b":["ok","\\udc00"],"c\\ud800d":1,"e":"\\ud83d\\ude00"}' }));
    expect(err.code).toBe("invalid_text");
    expect(err.options.issues?.map((i) => i.path)).toEqual(["a", "b[1]", "c\\ud800d"]);
    expect(parseJsonText({ text: '{"emoji":"\\ud83d\\ude00","tag":"\\udb40\\udc41"}' })).toEqual({ emoji: "😀", tag: "\u{E0041}" });
  });

  it("refuses malformed JSON with 400", () => {
    expect(thrown(() => parseJsonText({ text: '{"a":' })).code).toBe("invalid_request");
  });
});

describe("mayBeTooDeep", () => {
  it("counts brackets outside strings only, escaped quotes included", () => {
    const deepInString = JSON.stringify({ a: `\\"${"[".repeat(100)}`, b: '\\\\"x"{' });
    expect(mayBeTooDeep(deepInString)).toBe(false);
    expect(mayBeTooDeep(`${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}`)).toBe(false);
    expect(mayBeTooDeep(`[${"[".repeat(MAX_JSON_DEPTH)}${"]".repeat(MAX_JSON_DEPTH)}]`)).toBe(true);
    expect(mayBeTooDeep(`{"a\\"":${"[".repeat(MAX_JSON_DEPTH + 1)}`)).toBe(true);
  });
});

describe("checkJsonValue", () => {
  it("adds the index and the prefix to each issue", () => {
    expect(checkJsonValue({ value: { t: "a\u0000" }, index: 3, prefix: "events[3]" })).toEqual([
      { index: 3, path: "events[3].t", message: expect.stringContaining("NUL") },
    ]);
  });
});

describe("checkRequestTarget", () => {
  const check = (url: string, host: string | undefined = "localhost:3000") => checkRequestTarget({ url, host });

  it("accepts ordinary targets and hosts", () => {
    for (const url of ["/", "/api/v1/approvals/0b7c3d2e-5f61-4a8b-9c0d-1e2f3a4b5c6d?wait=5", "/api/events?q=%E2%9C%93&tool=a%20b", "/api/x?bad=%ZZ"]) {
      expect(check(url)).toBeNull();
    }
    for (const host of ["localhost", "127.0.0.1:80", "[::1]:3000", "warden.example.com", undefined]) expect(check("/", host)).toBeNull();
  });

  it("refuses bad percent-encoding in the path, naming the segment", () => {
    const err = check("/api/budgets/%ZZ");
    expect(err?.code).toBe("invalid_request");
    expect(err?.message).toContain('"%ZZ"');
    expect(err?.options.issues).toEqual([{ path: "path", message: "not valid percent-encoding" }]);
    expect(check("/api/v1/approvals/%ED%A0%80")?.code).toBe("invalid_request"); // an encoded surrogate is not UTF-8
  });

  it("refuses NUL in the path and in query names and values", () => {
    expect(check("/api/budgets/%00")?.code).toBe("invalid_text");
    expect(check("/api/events?tool=a%00b")?.options.issues).toEqual([{ path: "query.tool", message: expect.stringContaining("NUL") }]);
    expect(check("/api/events?a%00=1")?.options.issues?.[0].path).toBe("query.a\\u0000");
  });

  it("refuses a malformed Host header and a target that is not a path", () => {
    for (const host of ["exa mple.com", "[::1", "a@b", "x:99999999", "%ZZ", "", "a/b"]) {
      expect(check("/", host)?.options.issues, host).toEqual([{ path: "headers.host", message: "not a valid host[:port]" }]);
    }
    expect(check("http://evil.example/api/health")?.options.issues?.[0].path).toBe("path");
  });
});
