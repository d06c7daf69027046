/**
 * The benchmark's baseline: the least a WebSocket forwarder can do. Rooms from the
 * URL, each message's bytes to the other members, nothing checked, nothing logged.
 * The relay does the same job plus everything server/README.md promises.
 */
import type { Server } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

export function acceptRawForward(server: Server): WebSocketServer {
  const rooms = new Map<string, Set<WebSocket>>();
  const sockets = new WebSocketServer({ server });
  sockets.on("connection", (socket, request) => {
    const room = new URL(request.url ?? "/", "ws://raw").searchParams.get("room") ?? "";
    const members = rooms.get(room) ?? new Set<WebSocket>();
    rooms.set(room, members.add(socket));
    socket.on("message", (data, isBinary) => {
      for (const member of members) if (member !== socket) member.send(data, { binary: isBinary });
    });
    socket.on("close", () => {
      members.delete(socket);
      if (members.size === 0) rooms.delete(room);
    });
  });
  return sockets;
}
