// Root hooks of the reliability suite: the shared server goes away at the end, whatever happened.
import { stopSharedServer } from './shared';

export const mochaHooks = {
  async afterAll(this: Mocha.Context) {
    this.timeout(120_000);
    await stopSharedServer();
  },
};
