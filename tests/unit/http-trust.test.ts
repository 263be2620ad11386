// Which HTTP callers count as the CLI (trusted with local paths): this machine, and no Origin header.
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fromThisMachine, isCli } from '../../src-main/server/http-server';

const request = (remoteAddress: string, localAddress: string, origin?: string) =>
  ({
    headers: origin === undefined ? {} : { origin },
    socket: { remoteAddress, localAddress },
  }) as unknown as IncomingMessage;

describe('fromThisMachine', () => {
  it('takes loopback peers and peers with our own address', () => {
    expect(fromThisMachine({ remoteAddress: '127.0.0.1', localAddress: '127.0.0.1' })).toBe(true);
    expect(fromThisMachine({ remoteAddress: '127.8.9.10', localAddress: '127.0.0.1' })).toBe(true);
    expect(fromThisMachine({ remoteAddress: '::1', localAddress: '::1' })).toBe(true);
    expect(fromThisMachine({ remoteAddress: '::ffff:127.0.0.1', localAddress: '::ffff:127.0.0.1' })).toBe(
      true,
    );
    expect(fromThisMachine({ remoteAddress: '192.168.1.5', localAddress: '192.168.1.5' })).toBe(true);
  });

  it('refuses other machines and unknown peers', () => {
    expect(fromThisMachine({ remoteAddress: '192.168.1.7', localAddress: '192.168.1.5' })).toBe(false);
    expect(fromThisMachine({ remoteAddress: '::ffff:10.0.0.2', localAddress: '::ffff:10.0.0.1' })).toBe(
      false,
    );
    expect(fromThisMachine({ remoteAddress: '1270.0.0.1', localAddress: '10.0.0.1' })).toBe(false);
    expect(fromThisMachine({ localAddress: '127.0.0.1' })).toBe(false);
  });
});

describe('isCli', () => {
  it('is a request from this machine without an Origin header', () => {
    expect(isCli(request('127.0.0.1', '127.0.0.1'))).toBe(true);
    expect(isCli(request('127.0.0.1', '127.0.0.1', 'http://127.0.0.1:8080'))).toBe(false);
    expect(isCli(request('127.0.0.1', '127.0.0.1', 'null'))).toBe(false);
    expect(isCli(request('192.168.1.7', '192.168.1.5'))).toBe(false);
  });

  it('is never a request a reverse proxy forwarded (it comes from loopback, but from anyone)', () => {
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      const req = request('127.0.0.1', '127.0.0.1');
      req.headers[header] = header === 'forwarded' ? 'for=203.0.113.7' : '203.0.113.7';
      expect(isCli(req), header).toBe(false);
    }
  });
});
