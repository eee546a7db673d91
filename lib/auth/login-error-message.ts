// What the login page may say about a failed sign-in. The text never comes from the request: ?error= is
// looked up in this table (next-auth's error codes and Warden's own refusals), anything else gets the
// generic message, so a crafted link cannot put words on Warden's sign-in page.

export const INVALID_LOGIN = "Wrong email or password.";
export const INACTIVE_LOGIN = "This account is deactivated. Ask an admin.";
export const GENERIC_LOGIN_ERROR = "Sign-in failed; try again.";

const KNOWN: Record<string, string> = {
  CredentialsSignin: INVALID_LOGIN,
  AccessDenied: "This account cannot sign in. Ask an admin.",
  NoMappedGroup: "Your single sign-on account is in no Warden group. Ask an admin.",
  OAuthSignin: "Single sign-on failed; try again.",
  OAuthCallback: "Single sign-on failed; try again.",
  OAuthCreateAccount: "Single sign-on failed; try again.",
  OAuthAccountNotLinked: "Single sign-on failed; try again.",
  Callback: "Single sign-on failed; try again.",
  SessionRequired: "Sign in to continue.",
  Configuration: "Sign-in is not configured correctly. Ask an admin.",
  Verification: "The sign-in link is no longer valid.",
  Default: GENERIC_LOGIN_ERROR,
};

// Messages the credentials sign-in throws itself (they reach the form through next-auth's answer).
const OWN = [INVALID_LOGIN, INACTIVE_LOGIN];
const LOCKED = /^Too many failed sign-ins\. Try again in \d{1,5} minute\(s\)\.$/;

/** The text to show for a sign-in error code or message; unknown input gets the generic message. */
export function loginErrorMessage(code: unknown): string {
  if (typeof code !== "string" || code === "") return GENERIC_LOGIN_ERROR;
  if (Object.hasOwn(KNOWN, code)) return KNOWN[code];
  if (OWN.includes(code) || LOCKED.test(code)) return code;
  return GENERIC_LOGIN_ERROR;
}
