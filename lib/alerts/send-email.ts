import "server-only";
import nodemailer from "nodemailer";

// Alert e-mail through nodemailer (the maintained standard; it was a hand-written SMTP client). SMTP_URL:
//   smtp://[user:pass@]host[:port]   plain, upgraded with STARTTLS when the server offers it
//                                    (?starttls=required refuses to go on without it, ?starttls=off never tries)
//   smtps://[user:pass@]host[:port]  TLS from the first byte (port 465)
// Credentials are only sent over TLS: with a user and no smtps://, STARTTLS is required unless ?insecureauth=1.
// One message per connection: alert mail is rare, and a fresh connection per message needs no pool.

export interface SendEmailOptions {
  smtpUrl: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  timeoutMs?: number;
  /** Extra CA for the server's certificate (tests). */
  ca?: string;
}

export interface SendEmailResult {
  ok: boolean;
  error?: string;
  /** The server's reply to the message (e.g. "250 2.0.0 queued as …"). */
  reply?: string;
}

const ADDRESS = /^[^\s<>@]+@[^\s<>@]+$/;

export async function sendEmail(opts: SendEmailOptions): Promise<SendEmailResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let url: URL;
  try {
    url = new URL(opts.smtpUrl);
  } catch {
    return { ok: false, error: "SMTP_URL is not a valid URL" };
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") return { ok: false, error: "SMTP_URL must start with smtp:// or smtps://" };
  // Addresses go into SMTP commands: anything but a plain address (CR/LF, <, >) is refused here.
  if (!ADDRESS.test(opts.from)) return { ok: false, error: "invalid sender address" };
  if (!ADDRESS.test(opts.to)) return { ok: false, error: "invalid recipient address" };

  const secure = url.protocol === "smtps:";
  const starttls = url.searchParams.get("starttls") ?? "auto";
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  const credentialsNeedTls = Boolean(user) && !secure && url.searchParams.get("insecureauth") !== "1";
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: Number(url.port || (secure ? 465 : 25)),
    secure,
    requireTLS: starttls === "required" || credentialsNeedTls,
    ignoreTLS: starttls === "off" && !credentialsNeedTls,
    auth: user ? { user, pass } : undefined,
    tls: opts.ca ? { ca: opts.ca } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    logger: false,
  });
  try {
    const info = await transport.sendMail({
      from: { name: "Warden", address: opts.from },
      to: opts.to,
      // Header values are folded and encoded by nodemailer; CR/LF cannot start a new header.
      subject: opts.subject.replace(/[\r\n]+/g, " "),
      text: opts.text,
      textEncoding: "base64",
      headers: { "Auto-Submitted": "auto-generated" },
    });
    return { ok: true, reply: info.response };
  } catch (err) {
    return { ok: false, error: describeSmtpError(err, { credentialsNeedTls, starttls }) };
  } finally {
    transport.close();
  }
}

/** nodemailer's errors as one readable line: which step the server refused and what it said. */
function describeSmtpError(err: unknown, ctx: { credentialsNeedTls: boolean; starttls: string }): string {
  const e = err as { code?: string; command?: string; response?: string; message?: string };
  if (e.code === "ETLS" && /STARTTLS/i.test(e.message ?? "")) {
    return ctx.credentialsNeedTls && ctx.starttls !== "required"
      ? "refusing to send credentials without TLS (add ?insecureauth=1 to allow)"
      : "the server does not offer STARTTLS (starttls=required)";
  }
  if (e.response && e.command) {
    const step = e.command.split(" ")[0].toUpperCase().replace(/^RCPT$/, "RCPT").replace(/^MAIL$/, "MAIL");
    return `${step} refused: ${e.response}`;
  }
  return e.message ?? String(err);
}
