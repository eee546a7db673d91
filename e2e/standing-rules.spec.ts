import { randomUUID } from "node:crypto";
import { createGateway, createUser, db, expect, signInAs, test } from "./support/fixtures";
import { cancelApproval, requestApproval } from "./support/approvals";
import { expectNoSeriousA11yViolations } from "./support/axe";

// Issue 19 item 7: a reviewer turns a request into a standing rule ("Always allow…"), the next matching
// request is approved by Warden as "standing rule N", and revoking the rule sends the next one to people.

test.describe.configure({ timeout: 120_000 });

test("a standing rule created from a request auto-approves the next matching one, shows as its reviewer, and can be revoked", async ({ page }) => {
  const gw = await createGateway();
  const reviewer = await createUser(["reviewer"]);
  const tool = `send_report_${randomUUID().slice(0, 6)}`;
  const ask = (to: string) => requestApproval(gw.apiKey, { tool, identitySource: "jwt", params: { to, subject: "Q3 numbers" } });
  const statusOf = async (id: string) => (await (await db()).approval.findUniqueOrThrow({ where: { id } })).status;
  const first = await ask("cfo@example.com");
  // The same call from a gateway that could not verify its user: no standing rule, and the reason shown.
  const unverified = await requestApproval(gw.apiKey, { tool, identitySource: "config", params: { to: "cfo@example.com", subject: "Q3 numbers" } });
  const held = [first, unverified];
  try {
    await signInAs(page, reviewer.email, reviewer.password);
    const detail = page.getByRole("article", { name: `Request ${tool} on mail` });
    await page.goto(`/approvals?id=${unverified}`);
    await expect(detail.getByRole("button", { name: "Always allow…" })).toBeDisabled();
    await expect(detail.getByTestId("standing-rule-unavailable")).toContainText("could not verify the requester");

    await page.goto(`/approvals?id=${first}`);
    // By keyboard: the button opens the dialog, Esc closes it, nothing is saved.
    await detail.getByRole("button", { name: "Always allow…" }).focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: `Always allow ${tool} on mail` });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeVisible();
    await expectNoSeriousA11yViolations(page, { include: ["dialog[open]"] });
    // Prefilled from the request's params, each exactly; the reviewer widens `to` to a pattern.
    await expect(dialog.getByLabel("Value for to")).toHaveValue("cfo@example.com");
    await expect(dialog.getByLabel("Value for subject")).toHaveValue("Q3 numbers");
    await dialog.getByLabel("Constraint for to").selectOption("glob");
    await dialog.getByLabel("Pattern for to").fill("");
    const days = dialog.getByLabel(/For how many days/);
    await expect(days).toHaveValue("7");
    await days.fill("0");
    await dialog.getByRole("button", { name: "Save standing rule" }).click();
    // Clear errors, on the fields, before anything is sent; the first bad field gets the focus.
    await expect(dialog.getByText("Give a pattern")).toBeVisible();
    await expect(dialog.getByText("A whole number of days from 1 to 90.")).toBeVisible();
    await expect(dialog.getByLabel("Pattern for to")).toBeFocused();
    await page.keyboard.type("*@example.com");
    await days.fill("7");
    await days.press("Enter");
    await expect(dialog).toBeHidden();
    const saved = (await (await db()).standingRule.findFirstOrThrow({ where: { tool } }));
    const label = `standing rule ${saved.number}`;
    await expect(detail.getByTestId("standing-rule-saved")).toContainText(`Saved as ${label}`);
    expect(saved.constraints).toEqual({ to: { kind: "glob", pattern: "*@example.com" }, subject: { kind: "exact", value: "Q3 numbers" } });
    expect(await statusOf(first)).toBe("pending"); // the request itself still waits for a person

    // The next matching request: approved by Warden, the reviewer reads "standing rule N".
    const next = await ask("controller@example.com");
    expect(await statusOf(next)).toBe("approved");
    await page.goto(`/approvals?tab=history&id=${next}`);
    await expect(page.getByRole("article", { name: `Request ${tool} on mail` }).getByRole("list", { name: "Vote trail" })).toContainText(label);

    // Listed under Rules with its provenance and fire count; revoked there.
    await page.goto("/approvals?tab=rules");
    const row = page.getByTestId(`standing-rule-${saved.number}`);
    await expect(row).toContainText(reviewer.email);
    await expect(row.getByTestId("standing-rule-fired")).toContainText("1 time");
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    const after = await ask("controller@example.com");
    held.push(after);
    expect(await statusOf(after)).toBe("pending");
  } finally {
    for (const id of held) await cancelApproval(gw.apiKey, id);
  }
});
