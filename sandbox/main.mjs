#!/usr/bin/env node
// Runs the Kustomer sandbox until interrupted: `node sandbox/main.mjs [--port 8443] [--host 127.0.0.1]`.
import { parseArgs } from 'node:util';
import { SANDBOX_ORG, startSandbox } from './server.mjs';

const USAGE = 'Usage: node sandbox/main.mjs [--port 8443] [--host 127.0.0.1]';

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      port: { type: 'string', default: '8443' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${/** @type {Error} */ (error).message}\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`Invalid port "${options.port}".\n${USAGE}`);
  process.exit(2);
}

/** @type {import('./server.mjs').Sandbox} */
let sandbox;
try {
  sandbox = await startSandbox({ port, host: options.host });
} catch (error) {
  console.error(`Could not start the sandbox: ${/** @type {Error} */ (error).message}`);
  process.exit(1);
}

const demoCustomerUrl = `https://${SANDBOX_ORG}.kustomerapp.com/app/customers/${sandbox.customerIds[0]}`;
console.log(`Kustomer sandbox listening on https://${options.host}:${sandbox.port}
  port:          ${sandbox.port}
  org:           ${SANDBOX_ORG}
  API:           https://${SANDBOX_ORG}.api.kustomerapp.com/v1
  admin key:     ${sandbox.keys.admin}
  demo customer: ${demoCustomerUrl}
  control:       https://localhost:${sandbox.port}/__sandbox/info
Browsers reach it with --host-resolver-rules="MAP *.kustomerapp.com ${options.host}:${sandbox.port}" --ignore-certificate-errors`);

let stopping = false;
/** @param {NodeJS.Signals} signal */
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the sandbox`);
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
