// fauxqs (SQS + S3 stand-in) on 127.0.0.1 only: the fauxqs CLI hard-codes 0.0.0.0.
// Env: FAUXQS_PORT (default 0 = any free port), FAUXQS_PORT_FILE (the chosen port is written there once listening),
// FAUXQS_HOST (default 127.0.0.1; docker compose sets 0.0.0.0 inside its private network), FAUXQS_LOGGER=true for request logs.
import { writeFileSync } from "node:fs";
import { buildApp } from "fauxqs";

const port = parseInt(process.env.FAUXQS_PORT ?? "0", 10);
const app = buildApp({ logger: process.env.FAUXQS_LOGGER === "true" });
const host = process.env.FAUXQS_HOST ?? "127.0.0.1";
await app.listen({ port, host });
const actual = app.server.address().port;
if (process.env.FAUXQS_PORT_FILE) writeFileSync(process.env.FAUXQS_PORT_FILE, `${actual}\n`);
console.log(`fauxqs listening on http://${host}:${actual}`);
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, async () => { await app.close(); process.exit(0); });
