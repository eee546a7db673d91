import type { Command } from "commander";
import type { Run } from "../warden";

// Gateway and API-key commands (gateway create, key revoke) are registered by lib/gateways' CLI module.
export function registerGatewayCommands(program: Command, run: Run) {
  void program;
  void run;
}
