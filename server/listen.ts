/**
 * Puts one Relay behind two listeners: plain WebSocket (labs 01-02) and TLS
 * WebSocket (labs 03+). Both share the same rooms, so a ws peer and a wss peer
 * in the same room talk to each other.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { HARD_FRAME_LIMIT_BYTES } from "./protocol.ts";
import { Relay, type RelayOptions } from "./relay.ts";

export interface ListenOptions extends RelayOptions {
  wsPort: number;
  wssPort: number;
  /** The certificate for the wss listener. */
  tls: { cert: Buffer; key: Buffer };
  /** Where to listen; every interface by default so a second device on the LAN can join. */
  host?: string;
}

export interface RunningRelay {
  relay: Relay;
  wsPort: number;
  wssPort: number;
  close(): Promise<void>;
}

export async function listen(options: ListenOptions): Promise<RunningRelay> {
  const relay = new Relay(options);
  const httpServer = createHttpServer(answerPlainGet("ws"));
  const httpsServer = createHttpsServer(options.tls, answerPlainGet("wss"));
  const socketServers = [httpServer, httpsServer].map((server) => acceptRelaySockets(server, relay));

  const wsPort = await listenOn(httpServer, options.wsPort, options.host);
  const wssPort = await listenOn(httpsServer, options.wssPort, options.host);

  return {
    relay,
    wsPort,
    wssPort,
    async close() {
      const stopped = Promise.all([closeServer(httpServer), closeServer(httpsServer)]); // no new connections
      await relay.shutdown();
      // Connections the relay refused (room full, bad URL) may still be closing.
      for (const sockets of socketServers) for (const socket of sockets.clients) socket.terminate();
      httpServer.closeAllConnections();
      httpsServer.closeAllConnections();
      await stopped;
    },
  };
}

/** WebSocket upgrades on `server` go to `relay`. The benchmark uses this too, so it measures the real thing. */
export function acceptRelaySockets(server: Server, relay: Relay): WebSocketServer {
  const sockets = new WebSocketServer({
    server,
    maxPayload: HARD_FRAME_LIMIT_BYTES,
    // Before the upgrade: a refused client gets a plain HTTP answer and never becomes a WebSocket.
    verifyClient: ({ req }, done) => {
      const refusal = relay.checkUpgrade(req);
      if (refusal) done(false, refusal.status, refusal.reason);
      else done(true);
    },
  });
  sockets.on("connection", (socket, request) => relay.accept(socket, request));
  return sockets;
}

/**
 * A browser that opens https://host:3001/ sees this page. Accepting the certificate
 * warning on the way here is what lets a lab page's wss:// connection through.
 */
function answerPlainGet(scheme: "ws" | "wss") {
  return (_request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(
      scheme === "wss"
        ? `<!doctype html><title>Relay certificate accepted</title>
<h1>Certificate accepted</h1>
<p>This browser now trusts the signaling relay's TLS certificate for this session.
Go back to the lab page and click Prepare again.</p>`
        : `<!doctype html><title>Signaling relay</title>
<h1>Signaling relay</h1><p>This is the WebSocket relay. Lab pages connect to it with ws://.</p>`,
    );
  };
}

function listenOn(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** Stops accepting; resolves once every connection to `server` has ended. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
