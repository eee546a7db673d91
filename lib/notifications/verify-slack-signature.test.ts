import { describe, expect, it } from "vitest";
import { slackSignature, verifySlackSignature } from "./verify-slack-signature";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fweather";

describe("verifySlackSignature (Slack's v0 scheme)", () => {
  it("matches Slack's documented example signature", () => {
    // The worked example of https://api.slack.com/authentication/verifying-requests-from-slack
    const docBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(slackSignature(secret, "1531420618", docBody)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("accepts a fresh, correctly signed request and refuses a wrong signature, a wrong secret or a changed body", () => {
    const t = "1700000000";
    const sig = slackSignature(secret, t, body);
    expect(verifySlackSignature({ secret, timestamp: t, signature: sig, rawBody: body, nowSeconds: 1700000010 })).toBeNull();
    expect(verifySlackSignature({ secret: "other", timestamp: t, signature: sig, rawBody: body, nowSeconds: 1700000010 })).toMatch(/does not match/);
    expect(verifySlackSignature({ secret, timestamp: t, signature: sig, rawBody: `${body}&x=1`, nowSeconds: 1700000010 })).toMatch(/does not match/);
    expect(verifySlackSignature({ secret, timestamp: t, signature: null, rawBody: body, nowSeconds: 1700000010 })).toMatch(/X-Slack-Signature/);
    expect(verifySlackSignature({ secret, timestamp: t, signature: "v0=zz", rawBody: body, nowSeconds: 1700000010 })).toMatch(/malformed/);
  });

  it("refuses a replayed request: a timestamp more than five minutes from now, either way", () => {
    const t = "1700000000";
    const sig = slackSignature(secret, t, body);
    expect(verifySlackSignature({ secret, timestamp: t, signature: sig, rawBody: body, nowSeconds: 1700000000 + 301 })).toMatch(/too old/);
    expect(verifySlackSignature({ secret, timestamp: t, signature: sig, rawBody: body, nowSeconds: 1700000000 - 301 })).toMatch(/too old/);
    expect(verifySlackSignature({ secret, timestamp: null, signature: sig, rawBody: body })).toMatch(/Timestamp/);
  });
});
