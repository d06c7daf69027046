import { createServer } from "node:net";

/** A loopback port that was free a moment ago: the OS hands out a free one, and we let it go again. */
export function aPortNothingListensOn(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
