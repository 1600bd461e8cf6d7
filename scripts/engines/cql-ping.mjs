#!/usr/bin/env node
// CQL readiness probe: runs `SELECT release_version FROM system.local` against a Cassandra node
// and prints the version. Exit 0 = answered, 1 = did not answer within the timeout.
//
//   node scripts/engines/cql-ping.mjs [host[:port]] [--timeout ms] [--quiet]
//
// Uses the npm package `cassandra-driver` when it is installed (node_modules), otherwise falls back
// to a minimal native-protocol v4 client over a plain socket (STARTUP + QUERY), so the probe also
// works in a fresh clone before `npm ci` has run.

import net from 'node:net';

const args = process.argv.slice(2);
let target = process.env.CASSANDRA_PING_TARGET || '127.0.0.1:9042';
let timeoutMs = 5000;
let quiet = false;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--timeout') timeoutMs = Number(args[++i]);
  else if (args[i] === '--quiet') quiet = true;
  else target = args[i];
}
const [host, portStr] = target.includes(':') ? target.split(':') : [target, '9042'];
const port = Number(portStr || 9042);
const QUERY = 'SELECT release_version FROM system.local';

async function viaDriver() {
  let cassandra;
  try {
    cassandra = (await import('cassandra-driver')).default;
  } catch {
    return null; // not installed: use the raw fallback
  }
  const client = new cassandra.Client({
    contactPoints: [`${host}:${port}`],
    localDataCenter: process.env.CASSANDRA_LOCAL_DC || 'datacenter1',
    socketOptions: { connectTimeout: timeoutMs, readTimeout: timeoutMs },
    pooling: { warmup: false },
  });
  try {
    const rs = await client.execute(QUERY);
    return { version: rs.first().get('release_version'), via: 'cassandra-driver' };
  } finally {
    await client.shutdown().catch(() => {});
  }
}

function frame(stream, opcode, body) {
  const h = Buffer.alloc(9);
  h.writeUInt8(0x04, 0); // protocol v4, request
  h.writeUInt8(0, 1);
  h.writeInt16BE(stream, 2);
  h.writeUInt8(opcode, 4);
  h.writeInt32BE(body.length, 5);
  return Buffer.concat([h, body]);
}
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  const l = Buffer.alloc(2);
  l.writeUInt16BE(b.length);
  return Buffer.concat([l, b]);
};
const longStr = (s) => {
  const b = Buffer.from(s, 'utf8');
  const l = Buffer.alloc(4);
  l.writeInt32BE(b.length);
  return Buffer.concat([l, b]);
};

function viaRawProtocol() {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host, port });
    let buf = Buffer.alloc(0);
    let stage = 'startup';
    const fail = (e) => {
      sock.destroy();
      reject(e instanceof Error ? e : new Error(String(e)));
    };
    sock.on('error', fail);
    sock.on('connect', () => {
      const n = Buffer.alloc(2);
      n.writeUInt16BE(1);
      sock.write(frame(0, 0x01, Buffer.concat([n, str('CQL_VERSION'), str('3.0.0')])));
    });
    sock.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      while (buf.length >= 9) {
        const len = buf.readInt32BE(5);
        if (buf.length < 9 + len) return;
        const opcode = buf.readUInt8(4);
        const body = buf.subarray(9, 9 + len);
        buf = buf.subarray(9 + len);
        if (opcode === 0x00) {
          const code = body.readInt32BE(0);
          const msgLen = body.readUInt16BE(4);
          return fail(`CQL error 0x${code.toString(16)}: ${body.subarray(6, 6 + msgLen).toString()}`);
        }
        if (stage === 'startup') {
          if (opcode === 0x03) return fail('server requires authentication (raw probe does not support it)');
          if (opcode !== 0x02) return fail(`unexpected opcode ${opcode} after STARTUP`);
          stage = 'query';
          const tail = Buffer.alloc(3);
          tail.writeUInt16BE(0x0001, 0); // consistency ONE
          tail.writeUInt8(0, 2); // no flags
          sock.write(frame(1, 0x07, Buffer.concat([longStr(QUERY), tail])));
        } else {
          if (opcode !== 0x08) return fail(`unexpected opcode ${opcode} after QUERY`);
          // RESULT: kind(int)=2 Rows; metadata: flags(int), columns(int), [global spec], col specs
          let o = 0;
          const kind = body.readInt32BE(o); o += 4;
          if (kind !== 2) return fail(`unexpected result kind ${kind}`);
          const flags = body.readInt32BE(o); o += 4;
          const cols = body.readInt32BE(o); o += 4;
          const readStr = () => { const l = body.readUInt16BE(o); o += 2; const s = body.subarray(o, o + l).toString(); o += l; return s; };
          if (flags & 0x0002) { const l = body.readInt32BE(o); o += 4 + Math.max(l, 0); }
          if (!(flags & 0x0004)) {
            const global = flags & 0x0001;
            if (global) { readStr(); readStr(); }
            for (let c = 0; c < cols; c++) {
              if (!global) { readStr(); readStr(); }
              readStr();
              o += 2; // option id (varchar = 0x000D, no extra payload)
            }
          }
          const rows = body.readInt32BE(o); o += 4;
          if (rows < 1) return fail('system.local returned no rows');
          const cellLen = body.readInt32BE(o); o += 4;
          const version = cellLen >= 0 ? body.subarray(o, o + cellLen).toString() : null;
          sock.end();
          resolve({ version, via: 'raw native protocol v4' });
        }
      }
    });
  });
}

function withTimeout(p) {
  return Promise.race([
    p,
    new Promise((_, rej) => setTimeout(() => rej(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
  ]);
}

try {
  const res = (await withTimeout(viaDriver())) ?? (await withTimeout(viaRawProtocol()));
  if (!quiet) console.log(`cql-ping: ${host}:${port} release_version=${res.version} (via ${res.via})`);
  process.exit(0);
} catch (e) {
  if (!quiet) console.error(`cql-ping: ${host}:${port} not answering: ${e.message}`);
  process.exit(1);
}
