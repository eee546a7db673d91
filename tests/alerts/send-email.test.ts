import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import tls from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { sendEmail } from "../../lib/alerts/send-email";

// The alert mailer (nodemailer) against a loopback SMTP listener written here (RFC 5321 subset: EHLO, STARTTLS,
// AUTH PLAIN, MAIL, RCPT, DATA, QUIT). The TLS certificate is a self-signed test fixture for 127.0.0.1.

const FIXTURES = path.join(import.meta.dirname, "fixtures");
const cert = readFileSync(path.join(FIXTURES, "smtp-test-cert.pem"), "utf8");
const key = readFileSync(path.join(FIXTURES, "smtp-test-key.pem"), "utf8");

interface Session {
  commands: string[];
  data: string;
  tls: boolean;
  auth: string | null;
}

function startSmtp(opts: { starttls?: boolean; implicitTls?: boolean; rejectRcpt?: boolean; user?: string; pass?: string } = {}) {
  const sessions: Session[] = [];
  const handle = (socket: net.Socket, secure: boolean) => {
    const s: Session = { commands: [], data: "", tls: secure, auth: null };
    sessions.push(s);
    let buf = "";
    let inData = false;
    let current: net.Socket = socket;
    const send = (line: string) => current.write(`${line}\r\n`);
    const onData = (chunk: Buffer) => {
      buf += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          s.data = buf.slice(0, end);
          buf = buf.slice(end + 5);
          inData = false;
          send("250 2.0.0 queued as TEST1");
          continue;
        }
        const i = buf.indexOf("\r\n");
        if (i < 0) return;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        s.commands.push(line.startsWith("AUTH") ? "AUTH PLAIN ***" : line);
        const verb = line.split(" ")[0].toUpperCase();
        if (verb === "EHLO") {
          send("250-smtp.test");
          if (opts.starttls && !s.tls) send("250-STARTTLS");
          send("250 AUTH PLAIN");
        } else if (verb === "STARTTLS" && !opts.starttls) {
          send("454 4.7.0 TLS not available");
        } else if (verb === "STARTTLS") {
          send("220 2.0.0 ready");
          current.removeListener("data", onData);
          const secure = new tls.TLSSocket(current, { isServer: true, secureContext: tls.createSecureContext({ cert, key }) });
          s.tls = true;
          current = secure;
          secure.on("data", onData);
        } else if (verb === "AUTH") {
          s.auth = Buffer.from(line.split(" ")[2] ?? "", "base64").toString("utf8");
          send(s.auth === `\u0000${opts.user}\u0000${opts.pass}` ? "235 2.7.0 ok" : "535 5.7.8 bad credentials");
        } else if (verb === "MAIL") send("250 ok");
        else if (verb === "RCPT") send(opts.rejectRcpt ? "550 5.1.1 no such user" : "250 ok");
        else if (verb === "DATA") {
          inData = true;
          send("354 go ahead");
        } else if (verb === "QUIT") {
          send("221 bye");
          current.end();
        } else send("502 unknown");
      }
    };
    current.on("data", onData);
    current.on("error", () => undefined);
    send("220 smtp.test ESMTP ready");
  };
  const server = opts.implicitTls ? tls.createServer({ cert, key }, (sock) => handle(sock, true)) : net.createServer((sock) => handle(sock, false));
  return new Promise<{ port: number; sessions: Session[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        sessions,
        close: () => new Promise<void>((r) => server.close(() => r())),
      }),
    );
  });
}

/** Headers and decoded text of a received message (dot-unstuffed, per its Content-Transfer-Encoding). */
function decodeBody(data: string): { headers: string; text: string } {
  const [headers, ...rest] = data.split("\r\n\r\n");
  const body = rest.join("\r\n\r\n").replace(/^\.\./gm, ".");
  const encoding = /^Content-Transfer-Encoding: (\S+)/im.exec(headers)?.[1]?.toLowerCase() ?? "7bit";
  if (encoding === "base64") return { headers, text: Buffer.from(body.replace(/\r\n/g, ""), "base64").toString("utf8") };
  if (encoding === "quoted-printable") {
    const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return { headers, text: Buffer.from(bytes, "latin1").toString("utf8") };
  }
  return { headers, text: body };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe("sendEmail (nodemailer against a loopback SMTP server)", () => {
  it("delivers over STARTTLS with AUTH PLAIN, as UTF-8 text with an encoded subject", async () => {
    const smtp = await startSmtp({ starttls: true, user: "warden", pass: "p@ss" });
    close = smtp.close;
    const result = await sendEmail({
      smtpUrl: `smtp://warden:${encodeURIComponent("p@ss")}@127.0.0.1:${smtp.port}?starttls=required`,
      from: "alerts@warden.test",
      to: "oncall@acme.test",
      subject: "[Warden critical] Error rate spike · tool github.create_pr",
      text: "error rate 60 % over 15 min\n.\nend",
      ca: cert,
    });
    expect(result).toEqual({ ok: true, reply: "250 2.0.0 queued as TEST1" });
    const [s] = smtp.sessions;
    expect(s.tls).toBe(true);
    expect(s.commands).toEqual([expect.stringMatching(/^EHLO /), "STARTTLS", expect.stringMatching(/^EHLO /), "AUTH PLAIN ***", "MAIL FROM:<alerts@warden.test>", "RCPT TO:<oncall@acme.test>", "DATA"]);
    const { headers, text } = decodeBody(s.data);
    expect(headers).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
    expect(headers).toMatch(/^To: <?oncall@acme\.test>?$/im);
    expect(headers).toMatch(/^Content-Type: text\/plain; charset=utf-8$/im);
    expect(headers).toMatch(/^Auto-Submitted: auto-generated$/im);
    expect(text).toBe("error rate 60 % over 15 min\r\n.\r\nend");
  });

  it("speaks TLS from the first byte for smtps:// URLs", async () => {
    const smtp = await startSmtp({ implicitTls: true });
    close = smtp.close;
    const result = await sendEmail({ smtpUrl: `smtps://127.0.0.1:${smtp.port}`, from: "a@warden.test", to: "b@acme.test", subject: "plain", text: "hello", ca: cert });
    expect(result.ok).toBe(true);
    expect(smtp.sessions[0].tls).toBe(true);
  });

  it("refuses to send credentials in clear text, and reports the server's refusals", async () => {
    const smtp = await startSmtp({ rejectRcpt: true, user: "u", pass: "p" });
    close = smtp.close;
    const clear = await sendEmail({ smtpUrl: `smtp://u:p@127.0.0.1:${smtp.port}`, from: "a@warden.test", to: "b@acme.test", subject: "s", text: "t" });
    expect(clear).toEqual({ ok: false, error: "refusing to send credentials without TLS (add ?insecureauth=1 to allow)" });
    const rcpt = await sendEmail({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "a@warden.test", to: "b@acme.test", subject: "s", text: "t" });
    expect(rcpt).toEqual({ ok: false, error: "RCPT refused: 550 5.1.1 no such user" });
    const required = await sendEmail({ smtpUrl: `smtp://127.0.0.1:${smtp.port}?starttls=required`, from: "a@warden.test", to: "b@acme.test", subject: "s", text: "t" });
    expect(required).toEqual({ ok: false, error: "the server does not offer STARTTLS (starttls=required)" });
    const injected = await sendEmail({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "a@warden.test", to: "b@acme.test>\r\nRCPT TO:<c@x.test", subject: "s", text: "t" });
    expect(injected).toEqual({ ok: false, error: "invalid recipient address" });
  });

  it("keeps header injection out of the subject", async () => {
    const smtp = await startSmtp({});
    close = smtp.close;
    const result = await sendEmail({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: "a@warden.test", to: "b@acme.test", subject: "hi\r\nBcc: evil@x.test", text: "t" });
    expect(result.ok).toBe(true);
    const { headers } = decodeBody(smtp.sessions[0].data);
    expect(headers).not.toMatch(/^Bcc:/im);
    expect(headers).toMatch(/^Subject: hi Bcc: evil@x.test$/im);
    expect(smtp.sessions[0].commands.filter((c) => c.startsWith("RCPT"))).toEqual(["RCPT TO:<b@acme.test>"]);
  });
});
