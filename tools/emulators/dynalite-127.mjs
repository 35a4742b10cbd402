// dynalite (DynamoDB stand-in without Java; no transactions, no TTL) on 127.0.0.1 only, in memory.
// Env: DYNALITE_PORT (default 0 = any free port), DYNALITE_PORT_FILE (the chosen port is written there once listening).
import { writeFileSync } from "node:fs";
import dynalite from "dynalite";

const port = parseInt(process.env.DYNALITE_PORT ?? "0", 10);
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(port, "127.0.0.1", () => {
  const actual = server.address().port;
  if (process.env.DYNALITE_PORT_FILE) writeFileSync(process.env.DYNALITE_PORT_FILE, `${actual}\n`);
  console.log(`dynalite listening on http://127.0.0.1:${actual}`);
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => server.close(() => process.exit(0)));
