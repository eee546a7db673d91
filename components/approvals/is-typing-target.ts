/** Whether a key press belongs to a text field (shortcuts must not fire while typing; a checkbox is not one). */
export function isTypingTarget(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  if (el.tagName === "INPUT") return !["checkbox", "radio", "button", "submit", "reset"].includes((el as HTMLInputElement).type);
  return el.isContentEditable || ["TEXTAREA", "SELECT"].includes(el.tagName);
}
