/**
 * `?crossOffers=1`: crossing offers ("glare") on purpose, for labs 02-04's
 * lesson and its test. A room a tab joins with it holds its first offer until
 * another tab in the room sends one too (at most CROSS_WAIT_MS), then passes
 * both: each tab gets the other's offer while it waits for an answer to its own,
 * however far apart the two Connect clicks were. Once per room: later offers pass
 * at once, so the recovery the pages advise (Prepare in both, Connect in one)
 * works without waiting. `?crossOffers=N` does it for the room's first N crossings
 * (lab 07's test of collisions in the middle of a call). A room that empties forgets it.
 *
 * What the held offer's sender sends next (its candidates) waits behind it: each tab's
 * messages keep their order, as they would in a real glare. It all counts against the
 * sender's HeldBytes, like the chaos knobs.
 */
import type { HeldBytes } from "./chaos.ts";

/** How long the room's first offer waits for a second one before it goes on alone. */
export const CROSS_WAIT_MS = 5000;

interface Message {
  data: Buffer;
  type: string;
  to: string | undefined;
}

/** An offer waiting for another tab's, and what its sender sent after it. */
interface HeldOffer<Peer> {
  sender: Peer;
  messages: Message[];
  timer: NodeJS.Timeout;
}

/** The most crossings one room may ask for (`?crossOffers=N`). */
export const MAX_CROSSINGS = 100;

/** Per room: how many crossings are left, and the offer waiting for its crossing, if one is. */
interface Crossing<Peer> {
  left: number;
  held: HeldOffer<Peer> | null;
}

export class OfferCrossing<Peer> {
  private readonly rooms = new Map<string, Crossing<Peer>>();

  /**
   * `pass` sends a message on its way, as the relay does with any message (`to`: its addressee, if any).
   * `heldOf`: what a sender's knobs may hold.
   */
  constructor(
    private readonly pass: (sender: Peer, message: Message) => void,
    private readonly heldOf: (sender: Peer) => HeldBytes,
  ) {}

  /** A tab joined `room` asking for `count` crossings: the room's next offers will wait (unless the room already asked). */
  arm(room: string, count: number): void {
    if (!this.rooms.has(room)) this.rooms.set(room, { left: count, held: null });
  }

  /**
   * Takes a message if crossing decides when it goes: true when it did (held, or sent right
   * behind the offer it crosses), or "refused" when it would hold more than the sender may.
   * `mayCross`: everyone in the room asked for crossOffers, so an offer may start a crossing.
   */
  take(room: string, sender: Peer, message: Message, mayCross: boolean): boolean | "refused" {
    const crossing = this.rooms.get(room);
    const held = crossing?.held;
    if (!crossing) return false;
    if (held?.sender === sender && message.type !== "offer") return this.holdBehind(held, message);
    if (message.type !== "offer") return false;
    if (held === null || held === undefined) {
      if (crossing.left === 0 || !mayCross) return false;
      if (!this.heldOf(sender).take(message.data.length)) return "refused";
      crossing.left -= 1;
      crossing.held = { sender, messages: [message], timer: setTimeout(() => this.release(room), CROSS_WAIT_MS) };
      return true;
    }
    if (held.sender === sender) {
      this.release(room); // the same tab again: nothing to cross with, and its offers keep their order
      return false;
    }
    this.pass(sender, message); // the second offer goes first: its sender has not seen the first one
    this.release(room);
    return true;
  }

  private holdBehind(held: HeldOffer<Peer>, message: Message): true | "refused" {
    if (!this.heldOf(held.sender).take(message.data.length)) return "refused";
    held.messages.push(message);
    return true;
  }

  /** `sender` left `room`: an offer it had waiting is dropped (never delivered after peer-left), and its crossing is given back. */
  left(room: string, sender: Peer, roomIsEmpty: boolean): void {
    const crossing = this.rooms.get(room);
    if (crossing?.held?.sender === sender) {
      this.drop(crossing.held);
      crossing.held = null;
      crossing.left += 1;
    }
    if (roomIsEmpty) this.forget(room);
  }

  /** Drops every held offer: the relay is stopping. */
  stop(): void {
    for (const room of this.rooms.keys()) this.forget(room);
  }

  private release(room: string): void {
    const crossing = this.rooms.get(room);
    const held = crossing?.held;
    if (!crossing || !held) return;
    this.drop(held);
    crossing.held = null;
    for (const message of held.messages) this.pass(held.sender, message);
  }

  /** No longer held: its timer stopped, its bytes given back. */
  private drop(held: HeldOffer<Peer>): void {
    clearTimeout(held.timer);
    this.heldOf(held.sender).release(held.messages.reduce((bytes, message) => bytes + message.data.length, 0));
  }

  private forget(room: string): void {
    const held = this.rooms.get(room)?.held;
    if (held) this.drop(held);
    this.rooms.delete(room);
  }
}
