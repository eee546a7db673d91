// A minimal HTTP/1.1 client for the benchmarks: one keep-alive connection, one request at a time, the
// request written as one string and the response read by its Content-Length. The load generator shares
// the machine with the server it measures; Node's http.request costs it ≈0.2–0.4 ms of CPU per request
// here (agent, request and response objects, header objects, streams), this a fraction of that, so more
// of the machine is left to the server. Only for servers that answer with a Content-Length (Warden's
// gateway API always does); anything else, or a closed connection, fails the pending request.
import net from "node:net";

export interface KeepAliveResponse {
  status: number;
  text: string;
}

export class KeepAliveClient {
  private socket: net.Socket;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private pending: { resolve: (r: KeepAliveResponse) => void; reject: (err: Error) => void } | null = null;
  private readonly head: string;

  constructor(url: URL, headers: Record<string, string>) {
    this.head = Object.entries({ host: url.host, ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    this.socket = net.connect(Number(url.port), url.hostname);
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(err);
    };
    this.socket.on("error", fail);
    this.socket.on("close", () => fail(new Error("connection closed")));
  }

  /** POSTs `body` (JSON) to `path`; one request at a time per client. */
  post(path: string, body: string): Promise<KeepAliveResponse> {
    if (this.pending) return Promise.reject(new Error("one request at a time"));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(`POST ${path} HTTP/1.1\r\n${this.head}content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer) {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const data = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.buffered);
    const end = data.indexOf("\r\n\r\n");
    if (end < 0) return this.keep(data);
    const head = data.toString("latin1", 0, end);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy(new Error("response without a content-length"));
      return;
    }
    const total = end + 4 + Number(length[1]);
    if (data.length < total) return this.keep(data);
    this.keep(data.subarray(total));
    const p = this.pending;
    this.pending = null;
    p?.resolve({ status: Number(head.slice(9, 12)), text: data.toString("utf8", end + 4, total) });
  }

  private keep(data: Buffer) {
    this.chunks = data.length ? [data] : [];
    this.buffered = data.length;
  }
}
