// The load generator of bench/load.mjs, in its own process: autocannon against one server, cycling
// through the given paths (one endpoint, many projects or scans), printing autocannon's result as JSON.
// Usage: node bench/load-client.mjs BASE_URL TOKEN CONNECTIONS SECONDS PATHS_JSON_FILE
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const autocannon = require(path.resolve('bench/.data/tools/node_modules/autocannon'));
const [base, token, connections, seconds, pathsFile] = process.argv.slice(2);
const paths = JSON.parse(fs.readFileSync(pathsFile, 'utf8'));
let next = 0;
autocannon(
  {
    url: base,
    connections: Number(connections),
    duration: Number(seconds),
    headers: { authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exit(1);
    }
    process.stdout.write(JSON.stringify(result));
  },
);
