/** Rooms keep peers apart: a message only ever reaches the other members of its sender's room. */
export class Rooms<Peer> {
  private readonly members = new Map<string, Set<Peer>>();
  private readonly capacity = new Map<string, number>();
  private readonly roomOf = new Map<Peer, string>();

  /**
   * Adds `peer` to `room`. The first member sets the room's capacity; later
   * members cannot change it. Returns false when the room is full.
   */
  join(room: string, peer: Peer, size: number): boolean {
    const members = this.members.get(room) ?? new Set<Peer>();
    const capacity = this.capacity.get(room) ?? size;
    if (members.size >= capacity) return false;
    members.add(peer);
    this.members.set(room, members);
    this.capacity.set(room, capacity);
    this.roomOf.set(peer, room);
    return true;
  }

  /** Removes `peer`; an empty room is forgotten, capacity included. */
  leave(peer: Peer): void {
    const room = this.roomOf.get(peer);
    if (room === undefined) return;
    this.roomOf.delete(peer);
    const members = this.members.get(room);
    members?.delete(peer);
    if (!members || members.size === 0) {
      this.members.delete(room);
      this.capacity.delete(room);
    }
  }

  /** The other members of `peer`'s room (none once it has left). */
  othersThan(peer: Peer): Peer[] {
    const members = this.membersOf(peer);
    return members ? [...members].filter((member) => member !== peer) : [];
  }

  /** Everyone in `peer`'s room, `peer` included; undefined once it has left. No copy: do not change it. */
  membersOf(peer: Peer): ReadonlySet<Peer> | undefined {
    const room = this.roomOf.get(peer);
    return room === undefined ? undefined : this.members.get(room);
  }

  capacityOf(room: string): number | undefined {
    return this.capacity.get(room);
  }
}
