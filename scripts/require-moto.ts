/**
 * `npm test` starts here: without moto_server the integration tests would fail one by one with spawn
 * errors after a minute of building. Say what is missing and how to get it, and stop.
 */
import { findMotoServer, MOTO_MISSING } from '../test/support/moto-install.js';

if (!findMotoServer()) {
  process.stderr.write(`${MOTO_MISSING}\n(\`npm run test:unit\` runs the unit tests without it.)\n`);
  process.exit(1);
}
