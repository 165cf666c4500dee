/**
 * The server's clock, as every screen reads it: playlists, lockstep of a wall's tiles and the
 * on-screen clock all run on server time, never on the PC's own (which may be minutes off).
 */

/** The setup answer carries the server's time (ms since epoch), so a screen starts on it. */
export const SERVER_TIME_HEADER = 'x-server-time';

/**
 * The offset to add to this machine's clock for the server's, from one exchange: the server's
 * answer is taken to have been made halfway through the round trip.
 */
export function clockOffset(serverTime: number, sentAt: number, receivedAt: number): number {
  return serverTime - (sentAt + receivedAt) / 2;
}
