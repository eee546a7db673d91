import { randomUUID } from "node:crypto";
import { createUser, db, expect, signInAs, test } from "./support/fixtures";
import { expectNoSeriousA11yViolations } from "./support/axe";

// A security engineer opens Incidents from the navigation: related alerts are one incident, with its
// alerts and a timeline; resolved incidents are behind the status filter.

test("the Incidents page lists an incident with its alerts and timeline", async ({ page }) => {
  const prisma = await db();
  const tag = randomUUID().slice(0, 8);
  const t0 = new Date(Date.now() - 10 * 60_000);
  const incident = await prisma.incident.create({ data: { title: `Error rate on pg-${tag}.query`, severity: "critical", firstSeenAt: t0 } });
  for (const [i, subject] of [`pg-${tag}.query`, `pg-${tag}`].entries()) {
    await prisma.alert.create({
      data: {
        openKey: `e2e-incident-${tag}-${i}`,
        dedupeKey: `e2e-incident-${tag}-${i}`,
        // Not "rule" or "anomaly": the detector's minute run resolves open alerts of those sources that it did
        // not find itself, so these hand-made ones would be resolved (and leave the Active list) whenever a run
        // fell between their creation and the page's check (seen in a clean-clone run on a loaded machine).
        source: "gateway",
        kind: "error_rate",
        severity: "critical",
        subjectType: i === 0 ? "tool" : "server",
        subjectValue: subject,
        title: `Error rate on ${subject}`,
        explanation: "Postgres is down",
        firstSeenAt: new Date(t0.getTime() + i * 60_000),
        lastSeenAt: new Date(),
        notifiedAt: new Date(),
        incidentId: incident.id,
      },
    });
  }
  const security = await createUser(["security"]);
  await signInAs(page, security.email, security.password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { name: "Incidents", level: 1 })).toBeVisible();
  const card = page.locator(`[data-incident-id="${incident.id}"]`);
  await expect(card).toContainText(`Error rate on pg-${tag}.query`);
  await expect(card).toContainText("2 alerts");
  await card.getByText("Alerts and timeline").click();
  await expect(card.getByRole("table", { name: "Alerts of the incident" }).getByRole("row")).toHaveCount(3);
  await expect(card.getByRole("list", { name: "Timeline" }).getByRole("listitem")).toHaveCount(2);
  await expectNoSeriousA11yViolations(page, { include: ["main"] });

  await page.getByLabel("Status").selectOption("resolved");
  await expect(card).toHaveCount(0);
});
