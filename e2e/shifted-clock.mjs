/**
 * Preloaded into a test server (`node --import`, see `startServer({ clockAt })`): the server's
 * clock runs from another instant, so a browser test can stand at 23:25 city time without
 * waiting for it. Screens follow the server's clock (they measure their offset from it), so the
 * whole system — schedules, playlists, takeovers — is at that time. Never loaded in production.
 */
const offset = Number(process.env.IOC_E2E_CLOCK_OFFSET_MS ?? 0);
if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
