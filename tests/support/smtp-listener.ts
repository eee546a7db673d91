import net, { type AddressInfo } from "node:net";

export interface ReceivedMail {
  to: string;
  /** The message as sent after DATA (headers, blank line, body). */
  data: string;
  /** The body of a single-part base64 message (nodemailer's textEncoding "base64"), decoded. */
  text: string;
}

/**
 * A loopback SMTP listener (RFC 5321 subset: no TLS, no auth) that accepts every message: enough for
 * nodemailer to hand one over. `smtpUrl` is for SMTP_URL; `onMail` hears each message as it arrives.
 */
export async function startSmtpListener(onMail?: (mail: ReceivedMail) => void) {
  const mails: ReceivedMail[] = [];
  const server = net.createServer((socket) => {
    let buf = "";
    let inData = false;
    let to = "";
    socket.write("220 smtp.test\r\n");
    socket.on("data", (chunk) => {
      buf += chunk.toString("utf8");
      for (;;) {
        if (inData) {
          const end = buf.indexOf("\r\n.\r\n");
          if (end < 0) return;
          const data = buf.slice(0, end);
          const body = data.split("\r\n\r\n").slice(1).join("").replace(/\s+/g, "");
          const mail = { to, data, text: Buffer.from(body, "base64").toString("utf8") };
          mails.push(mail);
          onMail?.(mail);
          buf = buf.slice(end + 5);
          inData = false;
          socket.write("250 queued\r\n");
          continue;
        }
        const i = buf.indexOf("\r\n");
        if (i < 0) return;
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const verb = line.split(/[ :]/)[0].toUpperCase();
        if (verb === "RCPT") to = /<([^>]*)>/.exec(line)?.[1] ?? "";
        if (verb === "DATA") {
          inData = true;
          socket.write("354 go\r\n");
        } else if (verb === "QUIT") socket.end("221 bye\r\n");
        else socket.write("250 ok\r\n");
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    smtpUrl: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}?starttls=off`,
    mails,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
