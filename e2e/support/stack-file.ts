import { tmpdir } from "node:os";
import path from "node:path";

export const stackFile = (port: number) => path.join(tmpdir(), `warden-e2e-stack-${port}.json`);
