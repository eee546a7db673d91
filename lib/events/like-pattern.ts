/** `%text%` for ILIKE … ESCAPE '\': the user's text matches literally (%, _ and \ are escaped). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
