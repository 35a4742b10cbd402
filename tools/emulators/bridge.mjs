// A byte-for-byte TCP bridge through a Unix socket file, which (unlike TCP) reaches across network namespaces.
// DynamoDB Local cannot bind loopback only, so it runs in a private network namespace; there
//   node bridge.mjs unix-to-tcp SOCKET PORT           (inside)  forwards SOCKET -> 127.0.0.1:PORT of the namespace
//   node bridge.mjs tcp-to-unix SOCKET PORT_FILE      (outside) listens on 127.0.0.1 (free port, written to PORT_FILE) -> SOCKET
import net from "node:net";
import { rmSync, writeFileSync } from "node:fs";

const [mode, socket, arg] = process.argv.slice(2);
const pipe = (client, connectTo) => {
  const upstream = net.connect(connectTo);
  client.pipe(upstream).pipe(client);
  const close = () => { client.destroy(); upstream.destroy(); };
  client.on("error", close);
  upstream.on("error", close);
  client.on("close", close);
  upstream.on("close", close);
};

let server;
if (mode === "unix-to-tcp") {
  rmSync(socket, { force: true });
  server = net.createServer(c => pipe(c, { host: "127.0.0.1", port: parseInt(arg, 10) }));
  server.listen(socket);
} else if (mode === "tcp-to-unix") {
  server = net.createServer(c => pipe(c, { path: socket }));
  server.listen(0, "127.0.0.1", () => writeFileSync(arg, `${server.address().port}\n`));
} else {
  console.error("usage: bridge.mjs unix-to-tcp SOCKET PORT | tcp-to-unix SOCKET PORT_FILE");
  process.exit(2);
}
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
