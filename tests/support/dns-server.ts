/**
 * A small authoritative DNS server on 127.0.0.1 (UDP, RFC 1035) that answers MX and SRV queries from
 * a table, so discovery runs through node:dns and c-ares for real. A name in the table without the
 * asked type answers NOERROR with no records (ENODATA); any other name answers NXDOMAIN.
 */
import { createSocket } from 'node:dgram';
import { Resolver } from 'node:dns/promises';

export type DnsRecord =
  | { type: 'MX'; priority: number; exchange: string }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string };

export interface DnsTestServer {
  readonly address: string;
  /** Every name asked, with its type ("MX", "SRV", or the number), in order. */
  readonly queries: { name: string; type: string }[];
  close(): Promise<void>;
}

const TYPES: Record<number, DnsRecord['type']> = { 15: 'MX', 33: 'SRV' };

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])),
    Buffer.from([0]),
  ]);
}

function u16(n: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}

function rdata(r: DnsRecord): Buffer {
  if (r.type === 'MX') return Buffer.concat([u16(r.priority), encodeName(r.exchange)]);
  return Buffer.concat([u16(r.priority), u16(r.weight), u16(r.port), encodeName(r.target)]);
}

/** The question's name, type, and where the question section ends. */
function question(msg: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (msg[at] !== 0) {
    const len = msg[at] as number;
    labels.push(msg.toString('latin1', at + 1, at + 1 + len));
    at += len + 1;
  }
  return { name: labels.join('.').toLowerCase(), type: msg.readUInt16BE(at + 1), end: at + 5 };
}

export async function startDnsServer(zone: Record<string, readonly DnsRecord[]>): Promise<DnsTestServer> {
  const records = new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v]));
  const queries: DnsTestServer['queries'] = [];
  const socket = createSocket('udp4');
  socket.on('message', (msg, peer) => {
    const q = question(msg);
    const wanted = TYPES[q.type];
    queries.push({ name: q.name, type: wanted ?? String(q.type) });
    const known = records.get(q.name);
    const answers = (known ?? []).filter((r) => r.type === wanted);
    const header = Buffer.alloc(12);
    msg.copy(header, 0, 0, 2); // id
    // QR, AA, RA; RD copied from the query; NXDOMAIN for a name not in the zone.
    header.writeUInt16BE(0x8000 | 0x0400 | 0x0080 | (msg.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const body = answers.map((r) => {
      const data = rdata(r);
      const ttl = Buffer.alloc(4);
      ttl.writeUInt32BE(60);
      // 0xc00c: the name is the question's (at offset 12).
      return Buffer.concat([u16(0xc00c), u16(q.type), u16(1), ttl, u16(data.length), data]);
    });
    socket.send(Buffer.concat([header, msg.subarray(12, q.end), ...body]), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** A resolver that asks 127.0.0.1 only (nothing answers there): tests never reach a real DNS server. */
export function loopbackOnlyDns(): Resolver {
  const r = new Resolver({ timeout: 200, tries: 1 });
  r.setServers(['127.0.0.1:9']);
  return r;
}
