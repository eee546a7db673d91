import pino from "pino";

// Structured JSON logs. Anything that could carry a secret is redacted by path, wherever it appears.
const REDACT = [
  "password",
  "*.password",
  "passwordHash",
  "*.passwordHash",
  "apiKey",
  "*.apiKey",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
  "cookie",
  "*.cookie",
];

const g = globalThis as unknown as { __wardenLog?: pino.Logger };

export const log: pino.Logger =
  g.__wardenLog ??
  (g.__wardenLog = pino({
    level: process.env.LOG_LEVEL ?? "info",
    base: { app: "warden" },
    redact: { paths: REDACT, censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  }));
