import { spawn, type ChildProcess } from "node:child_process";
import { ReadBuffer, serializeMessage, type JSONRPCMessage, type Transport } from "@modelcontextprotocol/client";

export interface StdioChildOptions {
  command: string;
  args: string[];
  /** The child's complete environment (the SDK's StdioClientTransport adds HOME, USER, SHELL…; this does not). */
  env: Record<string, string>;
  cwd?: string;
  onStderr: (line: string) => void;
}

/**
 * An MCP client transport over a child's stdin/stdout: spawned without a shell, with exactly the given
 * environment (least privilege), stderr handed over line by line (to the log).
 */
export class StdioChildTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child?: ChildProcess;
  private readonly buffer = new ReadBuffer();
  private closed = false;

  constructor(private readonly o: StdioChildOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.o.command, this.o.args, {
        env: this.o.env as NodeJS.ProcessEnv,
        ...(this.o.cwd ? { cwd: this.o.cwd } : {}),
        shell: false,
        stdio: ["pipe", "pipe", "pipe"],
      });
      this.child = child;
      child.once("error", (e) => {
        reject(e);
        this.onerror?.(e);
      });
      child.once("spawn", () => resolve());
      child.once("close", () => {
        this.closed = true;
        this.onclose?.();
      });
      child.stdin!.on("error", (e) => this.onerror?.(e));
      child.stdout!.on("data", (chunk: Buffer) => {
        this.buffer.append(chunk);
        for (;;) {
          let message: JSONRPCMessage | null;
          try {
            message = this.buffer.readMessage();
          } catch (e) {
            this.onerror?.(e as Error);
            continue;
          }
          if (message === null) break;
          this.onmessage?.(message);
        }
      });
      let pending = "";
      child.stderr!.setEncoding("utf8");
      child.stderr!.on("data", (text: string) => {
        pending += text;
        let nl: number;
        while ((nl = pending.indexOf("\n")) >= 0) {
          const line = pending.slice(0, nl).trimEnd();
          pending = pending.slice(nl + 1);
          if (line) this.o.onStderr(line.slice(0, 2000));
        }
        if (pending.length > 8192) {
          this.o.onStderr(pending.slice(0, 2000));
          pending = "";
        }
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.closed) return reject(new Error("upstream process is not running"));
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once("drain", () => resolve());
    });
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || this.closed) return;
    const exited = new Promise<void>((r) => child.once("close", () => r()));
    try {
      child.stdin?.end();
    } catch {
      /* already gone */
    }
    const timer = setTimeout(() => child.kill("SIGTERM"), 2000);
    const hard = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
    clearTimeout(hard);
  }
}
