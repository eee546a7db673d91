import type { IncomingMessage, Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/postgres-adapter";
import { decode } from "next-auth/jwt";
import { findSessionUser } from "../auth/find-session-user";
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
 * A browser's handshake must come from Warden's own pages: its Origin is WARDEN_PUBLIC_URL's origin or
 * the request's own host. A foreign page cannot ride the visitor's cookie into the live feed. Clients
 * that send no Origin (not a browser, or a same-origin long-polling GET) are judged by the cookie alone.
 */
export function isAllowedSocketOrigin(req: Pick<IncomingMessage, "headers">, publicUrl = process.env.WARDEN_PUBLIC_URL): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (parsed.origin === "null") return false;
  if (publicUrl && parsed.origin === new URL(publicUrl).origin) return true;
  return parsed.host === req.headers.host;
}

/**
 * socket.io on the app's own HTTP server. A connection is accepted only from Warden's own origin, with a
 * live next-auth session (findSessionUser: not signed out, revoked or expired, active user), and joins one
 * room per permission it holds, its user's room and its session's room (sign-out drops it); instances
 * share rooms through Postgres.
 */
export function startRealtime(httpServer: HttpServer, secret: string): Server {
  const io = new Server(httpServer, {
    path: "/socket.io",
    serveClient: false,
    cors: { origin: false },
    allowRequest: (req, callback) => callback(isAllowedSocketOrigin(req) ? null : "origin not allowed", isAllowedSocketOrigin(req)),
  });
  io.adapter(createAdapter(pool(), { heartbeatInterval: 5000, heartbeatTimeout: 15000 }));
  io.use(async (socket, next) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, COOKIE_NAMES);
      const jwt = token ? await decode({ token, secret }) : null;
      const user = jwt ? await findSessionUser({ uid: jwt.uid, sv: jwt.sv, sid: jwt.sid }) : null;
      if (!user || !jwt) return next(new Error("unauthenticated"));
      socket.data.userId = user.id;
      for (const p of user.permissions) void socket.join(`perm:${p}`);
      void socket.join(`user:${user.id}`);
      void socket.join(`session:${String(jwt.sid)}`);
      next();
    } catch (err) {
      log.warn({ err: String(err) }, "socket authentication failed");
      next(new Error("unauthenticated"));
    }
  });
  setIo(io);
  return io;
}
