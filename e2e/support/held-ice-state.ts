/**
 * An init script that makes a page see one order of two connection events every
 * time, an order a browser shows only sometimes, under load: a change of
 * iceConnectionState to `state` that comes before `until` is held back, the state
 * reading "checking" meanwhile, and released right after `until` has been handled.
 * The lab's own code is not changed; its handlers run after this script's.
 *
 * - `{ state: "connected", until: "gathering-complete" }`: Chromium, which stops gathering once
 *   ICE has picked a pair, has said "gathering complete" before "connected" (lab06-turn-failures).
 * - `{ state: "failed", until: "connection-failed" }`: Firefox has fired the connection's
 *   "failed" before ICE's, iceConnectionState still reading "checking" (firefox-turn).
 */
export interface IceStateHold {
  state: "connected" | "failed";
  until: "gathering-complete" | "connection-failed";
}

/** The script, for openPeer's or openFirefoxPeer's `initScripts` (source text: it takes an argument). */
export function holdIceState(hold: IceStateHold): string {
  return `(${holdInPage.toString()})(${JSON.stringify(hold)});`;
}

function holdInPage({ state, until }: IceStateHold): void {
  let owner = RTCPeerConnection.prototype; // (the fixture's subclass of it: its parent owns the getter)
  while (!Object.hasOwn(owner, "iceConnectionState")) owner = Object.getPrototypeOf(owner);
  const descriptor = Object.getOwnPropertyDescriptor(owner, "iceConnectionState")!;
  const realState = (pc: RTCPeerConnection) => descriptor.get!.call(pc) as RTCIceConnectionState;
  const held = new WeakSet<RTCPeerConnection>();
  Object.defineProperty(owner, "iceConnectionState", {
    get(this: RTCPeerConnection) {
      return held.has(this) ? "checking" : realState(this);
    },
  });
  const states: RTCIceConnectionState[] = state === "connected" ? ["connected", "completed"] : ["failed"];
  const untilEvent = until === "gathering-complete" ? "icegatheringstatechange" : "connectionstatechange";
  const reached = (pc: RTCPeerConnection) => (until === "gathering-complete" ? pc.iceGatheringState === "complete" : pc.connectionState === "failed");
  const Watched = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Watched {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      // Added before the lab's own handlers, so these run first.
      this.addEventListener("iceconnectionstatechange", (event) => {
        if (event.isTrusted && states.includes(realState(this)) && !reached(this)) {
          event.stopImmediatePropagation();
          held.add(this);
        }
      });
      this.addEventListener(untilEvent, () => {
        if (!reached(this) || !held.has(this)) return;
        setTimeout(() => {
          held.delete(this);
          this.dispatchEvent(new Event("iceconnectionstatechange"));
        });
      });
    }
  };
}
