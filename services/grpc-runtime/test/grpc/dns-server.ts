import { createSocket, type Socket } from "node:dgram";

/**
 * A DNS server for tests (UDP on 127.0.0.1): answers A queries for one name with a list of IPv4
 * addresses the test changes at will, and every other query with no records. Just enough of RFC
 * 1035 for Node's resolver (which grpc-js uses for a `dns://server/name` target).
 */
export interface TestDnsServer {
  /** `127.0.0.1:port`, the authority of a `dns://127.0.0.1:port/name:port` target. */
  readonly address: string;
  /** The A records answered from now on. */
  setAddresses(addresses: readonly string[]): void;
  /** A queries answered so far (each one is a resolution by a client). */
  readonly queries: () => number;
  close(): Promise<void>;
}

export async function startTestDnsServer(name: string, initial: readonly string[]): Promise<TestDnsServer> {
  let addresses = [...initial];
  let queries = 0;
  const socket: Socket = createSocket("udp4");
  socket.on("message", (query, peer) => {
    const question = readQuestion(query);
    if (question === undefined) return;
    const isA = question.type === 1 && question.name.toLowerCase() === name.toLowerCase();
    if (isA) queries++;
    socket.send(answer(query, question.end, isA ? addresses : []), peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    setAddresses: (next) => {
      addresses = [...next];
    },
    queries: () => queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

function readQuestion(query: Buffer): { name: string; type: number; end: number } | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let offset = 12;
  while (offset < query.length && query[offset] !== 0) {
    const length = query[offset]!;
    labels.push(query.subarray(offset + 1, offset + 1 + length).toString("ascii"));
    offset += 1 + length;
  }
  offset += 1; // the root label
  if (offset + 4 > query.length) return undefined;
  return { name: labels.join("."), type: query.readUInt16BE(offset), end: offset + 4 };
}

function answer(query: Buffer, questionEnd: number, addresses: readonly string[]): Buffer {
  const header = Buffer.from(query.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); // a response, recursion desired and available, NOERROR
  header.writeUInt16BE(1, 4); // one question
  header.writeUInt16BE(addresses.length, 6);
  header.writeUInt16BE(0, 8);
  header.writeUInt16BE(0, 10);
  const records = addresses.map((address) => {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(1, 2); // type A
    record.writeUInt16BE(1, 4); // class IN
    record.writeUInt32BE(0, 6); // TTL 0: never cached
    record.writeUInt16BE(4, 10);
    address.split(".").forEach((part, i) => record.writeUInt8(Number(part), 12 + i));
    return record;
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}
