import type { Command } from "commander";
import { registerClusterCommand } from "./cluster.ts";
import { registerEqlCommand } from "./eql.ts";
import { registerValidateCommand } from "./validate.ts";
import { registerListCommand } from "./list.ts";
import { registerTestCommand } from "./test.ts";
import { registerScanCommand } from "./scan.ts";
import { registerPlanCommand } from "./plan.ts";
import { registerDeployCommand } from "./deploy.ts";
import { registerExportCommand } from "./export.ts";
import { registerRenderCommand } from "./render.ts";
import { registerUpCommand } from "./up.ts";

/** Every subcommand, in the order `dac --help` lists them. */
export const commandRegistrations: ReadonlyArray<(program: Command) => void> = [
  registerUpCommand,
  registerValidateCommand,
  registerListCommand,
  registerTestCommand,
  registerScanCommand,
  registerPlanCommand,
  registerDeployCommand,
  registerExportCommand,
  registerRenderCommand,
  registerEqlCommand,
  registerClusterCommand,
];
