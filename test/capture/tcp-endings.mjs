#!/usr/bin/env node
// Real TCP connections with every kind of ending, for the capture tests. Two halves, so that each
// can run in its own network namespace:
//   node tcp-endings.mjs serve HOST PORT              listens; prints "ready"; each connection says
//                                                     in its first line how it wants to end
//   node tcp-endings.mjs run HOST PORT CLOSED_PORT CLIENT_PORT
//                                                     plays every scenario against the server, one
//                                                     after another, scenario i from port
//                                                     CLIENT_PORT + i; prints one JSON line: the
//                                                     scenarios with their client ports
// The kernel's TCP does the rest: these are real handshakes, FINs and RSTs.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const SCENARIOS = ['client-close', 'server-close', 'client-reset', 'server-reset', 'half-close', 'refused'];

const [mode, host, portText, closedText, clientText] = process.argv.slice(2);
const port = Number(portText);

if (mode === 'serve') {
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    let line = '';
    socket.on('error', () => {});
    socket.on('data', function first(chunk) {
      line += chunk.toString('latin1');
      if (!line.includes('\n')) return;
      socket.off('data', first);
      const command = line.slice(0, line.indexOf('\n'));
      switch (command) {
        case 'client-close': // answer, then close when the client has closed
          socket.write('ok\n');
          socket.on('end', () => socket.end());
          break;
        case 'server-close': // answer and close first
          socket.end('bye\n');
          break;
        case 'client-reset':
          socket.write('ok\n');
          break;
        case 'server-reset':
          socket.write('ok\n', () => setTimeout(() => socket.resetAndDestroy(), 20));
          break;
        case 'half-close': // keep sending after the client's FIN, then close
          socket.on('end', async () => {
            for (let i = 0; i < 3; i++) {
              socket.write(`more ${i}\n`);
              await sleep(10);
            }
            socket.end('done\n');
          });
          break;
        default:
          socket.destroy();
      }
    });
  });
  server.listen(port, host, () => process.stdout.write('ready\n'));
  process.on('SIGTERM', () => process.exit(0));
} else if (mode === 'run') {
  const played = [];
  for (const [i, scenario] of SCENARIOS.entries()) {
    const clientPort = Number(clientText) + i;
    await play(scenario, clientPort);
    played.push({ scenario, clientPort });
    await sleep(30); // let the last ACKs pass before the next connection
  }
  process.stdout.write(`${JSON.stringify({ played })}\n`);
} else {
  process.stderr.write('usage: tcp-endings.mjs serve HOST PORT | run HOST PORT CLOSED_PORT CLIENT_PORT\n');
  process.exit(1);
}

/** Plays one scenario from `localPort`; resolves once the client's socket has closed. */
function play(scenario, localPort) {
  return new Promise((resolve, reject) => {
    const target = scenario === 'refused' ? Number(closedText) : port;
    const socket = net.connect({ host, port: target, localPort, allowHalfOpen: true });
    socket.on('connect', () => {
      socket.write(`${scenario}\n`);
      if (scenario === 'client-close' || scenario === 'half-close') socket.end();
    });
    socket.on('data', () => {
      if (scenario === 'client-reset') socket.resetAndDestroy();
    });
    socket.on('end', () => {
      if (scenario === 'server-close') socket.end();
    });
    socket.on('error', (e) => {
      if ((scenario === 'refused' && e.code === 'ECONNREFUSED') || (scenario === 'server-reset' && e.code === 'ECONNRESET')) return;
      reject(e);
    });
    socket.on('close', () => resolve());
  });
}
