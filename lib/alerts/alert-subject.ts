// What an alert is about, as people read it, and the page of that subject when it has one: a budget alert
// names its budget and links to it (its subject value is the budget's id). Pure; shared by the dashboard
// view and the notifications.

export interface AlertSubject {
  label: string;
  /** The subject's own page (a path in Warden), or null. */
  href: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function alertSubject(a: { subjectType: string; subjectValue: string; details: unknown }): AlertSubject {
  const details = (a.details ?? {}) as Record<string, unknown>;
  if (a.subjectType === "budget") {
    const name = typeof details.budgetName === "string" ? details.budgetName : typeof details.subjectLabel === "string" ? details.subjectLabel : a.subjectValue;
    return { label: name, href: UUID.test(a.subjectValue) ? `/budgets/${a.subjectValue}` : null };
  }
  return { label: typeof details.subjectLabel === "string" ? details.subjectLabel : a.subjectValue, href: null };
}
