import { describe, expect, it } from "vitest";
import { UsdAmount, numberToDecimal, trimDecimal } from "./usd";

describe("USD amounts", () => {
  it("accepts numbers and decimal strings with up to 6 decimals as exact decimal strings", () => {
    expect(UsdAmount.parse(0.1)).toBe("0.1");
    expect(UsdAmount.parse(12)).toBe("12");
    expect(UsdAmount.parse(0.000001)).toBe("0.000001");
    expect(UsdAmount.parse("0.30")).toBe("0.30");
    expect(UsdAmount.parse(0.1 + 0.2)).toBe("0.3");
    expect(numberToDecimal(1e-7)).toBeNull();
  });

  it("refuses negative, too precise, too large or non-numeric amounts", () => {
    for (const bad of [-1, 0.0000001, "1.1234567", "1e3", "abc", 2e9, Number.NaN, "-1"]) {
      expect(UsdAmount.safeParse(bad).success, String(bad)).toBe(false);
    }
  });

  it("trims Postgres numerics for JSON", () => {
    expect(trimDecimal("12.500000")).toBe("12.5");
    expect(trimDecimal("0.000000")).toBe("0");
    expect(trimDecimal("40")).toBe("40");
  });
});
