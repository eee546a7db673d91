import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runCli } from "../support/cli";

describe("CLI errors", () => {
  it("an invalid role prints the API's error shape on stderr (code, message, issues with paths), exit 1", { timeout: 120_000 }, async () => {
    const r = await runCli(["user", "create", "--email", "cli-role@example.com", "--role", "wizard"], inject("databaseUrl"));
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stderr);
    expect(body.error.code).toBe("invalid_request");
    expect(body.error.message).toBe("The request is not valid.");
    expect(body.error.issues).toEqual([expect.objectContaining({ path: "roles[0]", message: expect.stringContaining("admin") })]);
    // Not a raw, escaped zod dump inside the message.
    expect(body.error.message).not.toContain("[");
  });
});
