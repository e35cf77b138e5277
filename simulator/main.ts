// npm run simulator – starts the Microsoft-side simulator with SIM_* settings from the environment.
import { startSimulator } from "./server";
import { loadSettings, unknownSimVariables } from "./settings";

async function main(): Promise<void> {
  const settings = loadSettings();
  for (const name of unknownSimVariables()) console.warn(`Ignoring unknown setting ${name} (see simulator/README.md).`);
  const sim = await startSimulator(settings);
  const { publisher } = sim.context.seed;
  console.log(`Marketplace simulator (publisher ${publisher.publisherId}, tenant ${publisher.tenantId})`);
  console.log(`  Entra authority    ${sim.httpsUrl}/${publisher.tenantId}`);
  console.log(`  Marketplace API    ${sim.httpsUrl}/api`);
  console.log(`  Control API        ${sim.httpsUrl}/_sim  (also ${sim.httpUrl}/_sim)`);
  console.log(`  Pages              ${sim.httpUrl}/  (marketplace, subscriptions, faults, webhooks)`);
  console.log(`  Webhook target     ${settings.webhookUrl}`);
  console.log(`  Landing page       ${settings.landingUrl}`);
  console.log(`  Trust the cert     NODE_EXTRA_CA_CERTS=${sim.certPath}`);
  console.log(`  State              ${settings.stateFile}`);
  console.log(`simulator ready ${sim.httpsUrl} ${sim.httpUrl}`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`simulator stopping (${signal})`);
    sim.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
