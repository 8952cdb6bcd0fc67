// Root hooks of the integration suite: one session to the real server (SPARK_REMOTE, set by
// scripts/with-server.sh) and the suite's own Delta tables, created once.
import { SparkConnectSession } from '../../src/client/session';
import { createFixtures } from './fixtures';

let shared: SparkConnectSession | undefined;

/** The suite's session. */
export function session(): SparkConnectSession {
  if (!shared) throw new Error('No session: the integration suite runs under scripts/with-server.sh (SPARK_REMOTE).');
  return shared;
}

/** The remote the suite connects to. */
export function remote(): string {
  const value = process.env.SPARK_REMOTE;
  if (!value) throw new Error('SPARK_REMOTE is not set: run the integration suite through scripts/with-server.sh');
  return value;
}

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(600_000);
    shared = await SparkConnectSession.connect(remote());
    await createFixtures(shared);
  },
  async afterAll() {
    await shared?.close();
  },
};
