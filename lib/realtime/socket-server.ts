import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/postgres-adapter";
import { decode } from "next-auth/jwt";
import { loadSessionUser } from "../auth/get-current-user";
import { pool } from "../db";
import { log } from "../log";
import { setIo } from "./publish";

const COOKIE_NAMES = ["__Secure-warden.session", "warden.session"];

function readCookie(header: string | undefined, names: string[]): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const idx = part.indexOf("=");
    const name = part.slice(0, idx).trim();
    if (names.includes(name)) return decodeURIComponent(part.slice(idx + 1).trim());
  }
  return undefined;
}

/**
 * socket.io on the app's own HTTP server. A connection is accepted only with a valid next-auth session
 * cookie of an active user, and joins one room per permission it holds; instances share rooms through
 * Postgres.
 */
export function startRealtime(httpServer: HttpServer, secret: string): Server {
  const io = new Server(httpServer, { path: "/socket.io", serveClient: false, cors: { origin: false } });
  io.adapter(createAdapter(pool(), { heartbeatInterval: 5000, heartbeatTimeout: 15000 }));
  io.use(async (socket, next) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, COOKIE_NAMES);
      const jwt = token ? await decode({ token, secret }) : null;
      const user = jwt?.uid ? await loadSessionUser(String(jwt.uid), jwt.sv as number | undefined) : null;
      if (!user) return next(new Error("unauthenticated"));
      socket.data.userId = user.id;
      for (const p of user.permissions) void socket.join(`perm:${p}`);
      void socket.join(`user:${user.id}`);
      next();
    } catch (err) {
      log.warn({ err: String(err) }, "socket authentication failed");
      next(new Error("unauthenticated"));
    }
  });
  setIo(io);
  return io;
}
