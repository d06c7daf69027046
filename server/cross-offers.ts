/**
 * `?crossOffers=1`: crossing offers ("glare") on purpose, for labs 02-04's
 * lesson and its test. A room a tab joins with it holds its first offer until
 * another tab in the room sends one too (at most CROSS_WAIT_MS), then passes
 * both: each tab gets the other's offer while it waits for an answer to its own,
 * however far apart the two Connect clicks were. Once per room: later offers pass
 * at once, so the recovery the pages advise (Prepare in both, Connect in one)
 * works without waiting. A room that empties forgets it.
 */

/** How long the room's first offer waits for a second one before it goes on alone. */
export const CROSS_WAIT_MS = 5000;

interface HeldOffer<Peer> {
  sender: Peer;
  data: Buffer;
  to: string | undefined;
  timer: NodeJS.Timeout;
}

/** Per room: waiting for the first offer, holding it, or done. */
type Crossing<Peer> = "armed" | HeldOffer<Peer> | "done";

export class OfferCrossing<Peer> {
  private readonly rooms = new Map<string, Crossing<Peer>>();

  /** `pass` sends an offer on its way, as the relay does with any message (`to`: its addressee, if any). */
  constructor(private readonly pass: (sender: Peer, data: Buffer, to: string | undefined) => void) {}

  /** A tab joined `room` asking for crossing offers: the room's first offer will wait (unless one has gone already). */
  arm(room: string): void {
    if (!this.rooms.has(room)) this.rooms.set(room, "armed");
  }

  /** Takes an offer if crossing decides when it goes: true when it did (held, or sent right behind the one it crosses). */
  takeOffer(room: string, sender: Peer, data: Buffer, to: string | undefined): boolean {
    const crossing = this.rooms.get(room);
    if (crossing === undefined || crossing === "done") return false;
    if (crossing === "armed") {
      const timer = setTimeout(() => this.release(room), CROSS_WAIT_MS);
      this.rooms.set(room, { sender, data, to, timer });
      return true;
    }
    if (crossing.sender === sender) {
      this.release(room); // the same tab again: nothing to cross with, and its offers keep their order
      return false;
    }
    this.pass(sender, data, to); // the second offer goes first: its sender has not seen the first one
    this.release(room);
    return true;
  }

  /** `sender` left `room`: an offer it had waiting is dropped (never delivered after peer-left). */
  left(room: string, sender: Peer, roomIsEmpty: boolean): void {
    const crossing = this.rooms.get(room);
    if (typeof crossing === "object" && crossing.sender === sender) {
      clearTimeout(crossing.timer);
      this.rooms.set(room, "armed");
    }
    if (roomIsEmpty) this.forget(room);
  }

  /** Drops every held offer: the relay is stopping. */
  stop(): void {
    for (const room of this.rooms.keys()) this.forget(room);
  }

  private release(room: string): void {
    const crossing = this.rooms.get(room);
    if (typeof crossing !== "object") return;
    clearTimeout(crossing.timer);
    this.rooms.set(room, "done");
    this.pass(crossing.sender, crossing.data, crossing.to);
  }

  private forget(room: string): void {
    const crossing = this.rooms.get(room);
    if (typeof crossing === "object") clearTimeout(crossing.timer);
    this.rooms.delete(room);
  }
}
