import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashParams } from "./hash-params";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe("hashParams (RFC 8785 canonical JSON, SHA-256)", () => {
  it("hashes the canonical form: keys sorted by UTF-16 code units at every level, no whitespace", () => {
    expect(hashParams({ b: [1, { z: true, a: null }], a: "x" })).toBe(sha('{"a":"x","b":[1,{"a":null,"z":true}]}'));
    expect(hashParams({ b: 1, a: 2 })).toBe(hashParams({ a: 2, b: 1 }));
  });

  it("serialises numbers as ECMAScript does (RFC 8785 §3.2.2.3), unlike a naive sort-and-stringify of the text", () => {
    expect(hashParams({ n: 1e21, f: 0.1, i: 100, neg: -0 })).toBe(sha('{"f":0.1,"i":100,"n":1e+21,"neg":0}'));
  });

  it("matches the RFC 8785 example of key ordering (sorted by UTF-16 code units)", () => {
    const v = { "\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis" };
    expect(hashParams(v)).toBe(
      sha('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'),
    );
  });

  it("differs when any value differs, and refuses what JSON cannot carry", () => {
    expect(hashParams({ to: "a@example.com" })).not.toBe(hashParams({ to: "b@example.com" }));
    expect(hashParams({})).toMatch(/^[a-f0-9]{64}$/);
    expect(() => hashParams({ x: Number.NaN })).toThrow();
    expect(() => hashParams("\ud800")).toThrow();
    expect(() => hashParams(undefined)).toThrow();
  });
});
