import { describe, expect, it } from "vitest";
import { GENERIC_LOGIN_ERROR, loginErrorMessage } from "./login-error-message";

describe("loginErrorMessage", () => {
  it("maps next-auth's codes and Warden's own refusals to their text", () => {
    expect(loginErrorMessage("CredentialsSignin")).toBe("Wrong email or password.");
    expect(loginErrorMessage("AccessDenied")).toBe("This account cannot sign in. Ask an admin.");
    expect(loginErrorMessage("OAuthCallback")).toBe("Single sign-on failed; try again.");
    expect(loginErrorMessage("Wrong email or password.")).toBe("Wrong email or password.");
    expect(loginErrorMessage("Too many failed sign-ins. Try again in 15 minute(s).")).toBe("Too many failed sign-ins. Try again in 15 minute(s).");
  });

  it.each([
    "<script>alert(1)</script>",
    "Your account is suspended. Call +1-555-0100",
    "Too many failed sign-ins. Try again in 15 minute(s). Call +1-555-0100",
    "toString",
    "__proto__",
    "constructor",
    "",
    undefined,
    ["AccessDenied"],
  ])("anything else (%j) gets the generic text", (code) => {
    expect(loginErrorMessage(code)).toBe(GENERIC_LOGIN_ERROR);
  });
});
