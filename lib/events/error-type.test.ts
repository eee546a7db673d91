import { describe, expect, it } from "vitest";
import { deriveErrorType } from "./error-type";

describe("deriveErrorType", () => {
  it("shows the errorType the gateway sent, trimmed", () => {
    expect(deriveErrorType({ status: "error", errorType: " tool_error " })).toBe("tool_error");
    expect(deriveErrorType({ status: "blocked", errorType: "budget_exceeded" })).toBe("budget_exceeded");
    expect(deriveErrorType({ status: "error", errorType: "ECONNRESET" })).toBe("ECONNRESET");
  });

  it("names a JSON-RPC error code sent as the type", () => {
    expect(deriveErrorType({ status: "error", errorType: "-32602" })).toBe("invalid_params");
    expect(deriveErrorType({ status: "error", errorType: "-32601" })).toBe("method_not_found");
  });

  it("falls back on the status when no type was sent: none for ok, the status for policy outcomes and timeouts, unknown_error for an error", () => {
    expect(deriveErrorType({ status: "ok", errorType: null })).toBeNull();
    expect(deriveErrorType({ status: "timeout", errorType: null })).toBe("timeout");
    expect(deriveErrorType({ status: "blocked", errorType: "" })).toBe("blocked");
    expect(deriveErrorType({ status: "denied", errorType: undefined })).toBe("denied");
    expect(deriveErrorType({ status: "error", errorType: "  " })).toBe("unknown_error");
  });
});
