import { describe, expect, it } from 'vitest';
import { handshakeAuthOf } from './socket-gateway';
import type { HandshakeAuth } from '../protocol/index';

describe('the handshake auth the gateway reads', () => {
  it('carries the screen token and the screen id the display sends', () => {
    const sent: HandshakeAuth = { screenToken: 'iocs_abc', screenId: 'ops' };
    expect(handshakeAuthOf(sent)).toEqual(sent);
  });

  it('keeps only string fields of what a client sent, whatever it sent', () => {
    expect(handshakeAuthOf({ screenToken: 42, screenId: ['ops'], extra: 'x' })).toEqual({});
    expect(handshakeAuthOf(null)).toEqual({});
    expect(handshakeAuthOf('iocs_abc')).toEqual({});
  });
});
