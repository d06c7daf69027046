/**
 * Fixtures for the relay's own tests: no browser, a real relay process, real ws
 * clients. Each worker shares one relay (`relay`) and each test has its own
 * `room`; a test that stops or times the relay starts its own (`startRelay`).
 */
import { RelayClient } from "./relay-client.ts";
import { RelayProcess, type RelayProcessOptions } from "./relay-process.ts";
import { expect, test as labTest } from "./fixtures.ts";

interface RelayTestFixtures {
  /** Joins `relay` as a new client (`joined` already read); closed after the test. */
  joinRoom: (name: string, params?: Record<string, string | number>) => Promise<RelayClient>;
  /** A relay process for this test only, stopped after it. */
  startRelay: (options?: RelayProcessOptions) => Promise<RelayProcess>;
}

// The worker's shared relay (`relay`) is declared with the other worker fixtures, in fixtures.ts.
export const test = labTest.extend<RelayTestFixtures>({
  joinRoom: async ({ relay, room }, use, testInfo) => {
    const clients: RelayClient[] = [];
    await use(async (name, params = {}) => {
      const client = await RelayClient.join(name, relay.url({ room, ...params }));
      clients.push(client);
      return client;
    });
    for (const client of clients) client.close();
    if (testInfo.status !== testInfo.expectedStatus) {
      const lines = relay.output.join("").split("\n").slice(-200).join("\n");
      await testInfo.attach("shared relay output (last 200 lines)", { body: lines, contentType: "text/plain" });
    }
  },

  startRelay: async ({}, use, testInfo) => {
    const relays: RelayProcess[] = [];
    await use(async (options) => {
      const relay = await RelayProcess.start(options);
      relays.push(relay);
      return relay;
    });
    for (const relay of relays) {
      await relay.stop("SIGKILL");
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach("relay output", { body: relay.output.join(""), contentType: "text/plain" });
      }
    }
  },
});

export { expect };
