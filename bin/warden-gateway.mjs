#!/usr/bin/env node
// `warden-gateway` (package.json "bin"): runs scripts/gateway.ts through tsx in this process, so an MCP
// client can spawn `npx warden-gateway --config F --stdio` from the repo and signals reach the gateway.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

const root = fileURLToPath(new URL("..", import.meta.url));
register({ tsconfig: `${root}tsconfig.node.json` });
await import(`${root}scripts/gateway.ts`);
