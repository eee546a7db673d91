import "server-only";
import { randomUUID } from "node:crypto";
import net from "node:net";
import os from "node:os";
import tls from "node:tls";

// A minimal SMTP client (RFC 5321) for alert emails, on node:net/node:tls — no mail library. SMTP_URL:
//   smtp://[user:pass@]host[:port]   plain, upgraded with STARTTLS when the server offers it
//                                    (?starttls=required refuses to go on without it, ?starttls=off never tries)
//   smtps://[user:pass@]host[:port]  TLS from the first byte (port 465)
// AUTH PLAIN when credentials are given (only over TLS, unless ?insecureauth=1). One message per connection:
// alert mail is rare, and a fresh connection per message needs no pooling or keep-alive logic.

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

class SmtpError extends Error {}

interface Reply {
  code: number;
  lines: string[];
}

function encodeHeader(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  return /^[\x20-\x7e]*$/.test(flat) ? flat : `=?UTF-8?B?${Buffer.from(flat, "utf8").toString("base64")}?=`;
}

function assertAddress(addr: string, what: string): void {
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(addr)) throw new SmtpError(`invalid ${what} address`);
}

/** The RFC 5322 message: UTF-8 text, base64 body (no dot-stuffing or line-length issues). */
export function buildMessage(opts: { from: string; to: string; subject: string; text: string; date?: Date; messageId?: string }): string {
  const body = Buffer.from(opts.text.replace(/\r?\n/g, "\r\n"), "utf8").toString("base64").replace(/.{1,76}/g, "$&\r\n");
  return [
    `From: Warden <${opts.from}>`,
    `To: <${opts.to}>`,
    `Subject: ${encodeHeader(opts.subject)}`,
    `Date: ${(opts.date ?? new Date()).toUTCString()}`,
    `Message-ID: <${opts.messageId ?? randomUUID()}@warden>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "Auto-Submitted: auto-generated",
    "",
    body,
  ].join("\r\n");
}

class SmtpSession {
  private socket: net.Socket;
  private buffer = "";
  private lines: string[] = [];
  private waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(socket: net.Socket) {
    this.socket = socket;
    this.attach(socket);
  }

  private attach(socket: net.Socket) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("error", (err) => this.fail(err));
    socket.on("close", () => this.fail(new SmtpError("connection closed by the server")));
  }

  private fail(err: Error) {
    this.failure ??= err;
    this.waiting?.reject(err);
    this.waiting = null;
  }

  private onData(chunk: string) {
    this.buffer += chunk;
    let i: number;
    while ((i = this.buffer.indexOf("\n")) >= 0) {
      const line = this.buffer.slice(0, i).replace(/\r$/, "");
      this.buffer = this.buffer.slice(i + 1);
      this.lines.push(line);
      if (/^\d{3}(?: |$)/.test(line)) {
        const reply: Reply = { code: Number(line.slice(0, 3)), lines: this.lines.map((l) => l.slice(4)) };
        this.lines = [];
        const w = this.waiting;
        this.waiting = null;
        w?.resolve(reply);
      }
    }
  }

  read(): Promise<Reply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  async command(line: string, expect: number[]): Promise<Reply> {
    const reply = this.read();
    this.socket.write(`${line}\r\n`);
    const r = await reply;
    if (!expect.includes(r.code)) {
      const verb = line.startsWith("AUTH") ? "AUTH" : line.split(" ")[0];
      throw new SmtpError(`${verb} refused: ${r.code} ${r.lines.join(" ")}`);
    }
    return r;
  }

  async expect(codes: number[]): Promise<Reply> {
    const r = await this.read();
    if (!codes.includes(r.code)) throw new SmtpError(`unexpected reply ${r.code} ${r.lines.join(" ")}`);
    return r;
  }

  async startTls(host: string, ca?: string): Promise<void> {
    const plain = this.socket;
    plain.removeAllListeners("data");
    plain.removeAllListeners("close");
    plain.removeAllListeners("error");
    const secure = tls.connect({ socket: plain, servername: net.isIP(host) ? undefined : host, ca });
    await new Promise<void>((resolve, reject) => {
      secure.once("secureConnect", () => resolve());
      secure.once("error", reject);
    });
    this.socket = secure;
    this.attach(secure);
  }

  get encrypted(): boolean {
    return this.socket instanceof tls.TLSSocket;
  }

  close() {
    this.socket.destroy();
  }
}

function connect(url: URL, timeoutMs: number, ca?: string): Promise<net.Socket> {
  const implicitTls = url.protocol === "smtps:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || (implicitTls ? 465 : 25));
  return new Promise((resolve, reject) => {
    const socket = implicitTls ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ca }) : net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SmtpError(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once(implicitTls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function sendEmail(opts: SendEmailOptions): Promise<SendEmailResult> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  let url: URL;
  try {
    url = new URL(opts.smtpUrl);
    if (url.protocol !== "smtp:" && url.protocol !== "smtps:") throw new SmtpError("SMTP_URL must start with smtp:// or smtps://");
    assertAddress(opts.from, "sender");
    assertAddress(opts.to, "recipient");
  } catch (err) {
    return { ok: false, error: err instanceof SmtpError ? err.message : "SMTP_URL is not a valid URL" };
  }
  const starttls = url.searchParams.get("starttls") ?? "auto";
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  let session: SmtpSession | undefined;
  const deadline = setTimeout(() => session?.close(), timeoutMs);
  try {
    session = new SmtpSession(await connect(url, timeoutMs, opts.ca));
    await session.expect([220]);
    const helo = `EHLO ${os.hostname().replace(/[^A-Za-z0-9.-]/g, "") || "warden"}`;
    let ehlo = await session.command(helo, [250]);
    const offers = (name: string) => ehlo.lines.some((l) => l.toUpperCase().split(" ")[0] === name);
    if (!session.encrypted && starttls !== "off" && offers("STARTTLS")) {
      await session.command("STARTTLS", [220]);
      await session.startTls(url.hostname, opts.ca);
      ehlo = await session.command(helo, [250]);
    } else if (!session.encrypted && starttls === "required") {
      throw new SmtpError("the server does not offer STARTTLS (starttls=required)");
    }
    if (user) {
      if (!session.encrypted && url.searchParams.get("insecureauth") !== "1") throw new SmtpError("refusing to send credentials without TLS (add ?insecureauth=1 to allow)");
      await session.command(`AUTH PLAIN ${Buffer.from(`\u0000${user}\u0000${pass}`, "utf8").toString("base64")}`, [235]);
    }
    await session.command(`MAIL FROM:<${opts.from}>`, [250]);
    await session.command(`RCPT TO:<${opts.to}>`, [250, 251]);
    await session.command("DATA", [354]);
    const accepted = await session.command(`${buildMessage(opts)}\r\n.`, [250]);
    await session.command("QUIT", [221]).catch(() => undefined);
    return { ok: true, reply: `${accepted.code} ${accepted.lines.join(" ")}` };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(deadline);
    session?.close();
  }
}
