/**
 * Run inside a namespace of the test LAN (lan.ts), as its own process; prints JSON lines.
 *
 *   lan-probe.ts listen
 *     On the learner's machine: a UDP and a TCP service that listen only on 127.0.0.1,
 *     as a database or a dev server does. Prints `listening {"udp":…,"tcp":…}`, then a
 *     line for every packet or connection that reaches them.
 *
 *   lan-probe.ts attack <relay ws URL> <udp port> <tcp port>
 *     On the other host: what any script on the same Wi-Fi can do. It reads TURN credentials
 *     from the relay (no Origin: it is not a web page), allocates on coturn, and asks for
 *     permissions to the learner's loopback and to other addresses, over a UDP relay and a
 *     TCP one (RFC 6062). Prints `result <JSON>` with every answer coturn gave.
 */
import { createSocket } from "node:dgram";
import { createServer } from "node:net";
import { WebSocket } from "ws";
import type { RelayNotice } from "../../server/protocol.ts";
import { TurnClient, type TurnAnswer } from "../../scripts/turn-client.ts";
import { OTHER_HOST_IP, PEERS_TRIED, type AttackResult } from "./lan.ts";

const [mode, ...args] = process.argv.slice(2);
if (mode === "listen") await listen();
else if (mode === "attack") console.log(`result ${JSON.stringify(await attack(args[0]!, Number(args[1]), Number(args[2])))}`);
else throw new Error(`usage: lan-probe.ts listen | attack <relay url> <udp port> <tcp port>`);

async function listen(): Promise<void> {
  const udp = createSocket("udp4");
  udp.on("message", (packet, from) => console.log(`udp got ${JSON.stringify(packet.toString())} from ${from.address}`));
  await new Promise<void>((resolve) => udp.bind(0, "127.0.0.1", resolve));
  const tcp = createServer((socket) => {
    console.log(`tcp connection from ${socket.remoteAddress}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => tcp.listen(0, "127.0.0.1", resolve));
  const port = (server: { address(): unknown }) => (server.address() as { port: number }).port;
  console.log(`listening ${JSON.stringify({ udp: port(udp), tcp: port(tcp) })}`);
}

async function attack(relayUrl: string, udpPort: number, tcpPort: number): Promise<AttackResult> {
  const iceServers = await credentialsFrom(relayUrl);
  const turnUrl = /^turn:([^:?]+):(\d+)/.exec(iceServers[0]?.urls[0] ?? "");
  if (turnUrl === null) throw new Error(`no TURN server in the relay's joined notice: ${JSON.stringify(iceServers)}`);
  const server = { address: turnUrl[1]!, port: Number(turnUrl[2]) };
  const credentials = iceServers[0]!;

  const udpClient = await TurnClient.open("udp", server, OTHER_HOST_IP);
  const allocation = await udpClient.allocate(credentials, "udp");
  const permissions = {} as Record<keyof typeof PEERS_TRIED, TurnAnswer>;
  for (const [name, ip] of Object.entries(PEERS_TRIED)) permissions[name as keyof typeof PEERS_TRIED] = await udpClient.createPermission(ip);
  // Sent whatever the answers: a server that refused the permission must also drop the packet.
  udpClient.sendTo({ address: "127.0.0.1", port: udpPort }, Buffer.from("through TURN to the learner's loopback"));
  const packetToSameLanArrived = await packetComesBack(udpClient);
  udpClient.close();

  const tcpClient = await TurnClient.open("tcp", server, OTHER_HOST_IP);
  const tcp: AttackResult["tcp"] = { allocation: await tcpClient.allocate(credentials, "tcp") };
  if (tcp.allocation.ok) {
    tcp.permissionToLoopback = await tcpClient.createPermission("127.0.0.1");
    tcp.connectToLoopback = await tcpClient.connectTo({ address: "127.0.0.1", port: tcpPort });
  }
  tcpClient.close();
  return { iceServers, udp: { allocation, permissions, packetToSameLanArrived }, tcp };
}

/** Joins a room as a script does, with no Origin, and returns the TURN servers of its `joined` notice. */
async function credentialsFrom(relayUrl: string): Promise<AttackResult["iceServers"]> {
  const socket = new WebSocket(relayUrl);
  const joined = await new Promise<Extract<RelayNotice, { type: "joined" }>>((resolve, reject) => {
    socket.once("message", (data) => resolve(JSON.parse(String(data))));
    socket.once("error", reject);
  });
  socket.close();
  return joined.iceServers ?? [];
}

/** Sends a packet through the relay to a socket of this host's own and waits (up to 3 s) for it. */
async function packetComesBack(client: TurnClient): Promise<boolean> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, OTHER_HOST_IP, resolve));
  const arrived = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 3000);
    socket.once("message", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  client.sendTo({ address: OTHER_HOST_IP, port: socket.address().port }, Buffer.from("through TURN to myself"));
  const result = await arrived;
  socket.close();
  return result;
}
