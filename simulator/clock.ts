/**
 * The phone's clock. Real time plus an offset a test can set, so code that
 * signs requests with the device time (COS q-sign, VOD signatures) can be
 * driven into clock-skew paths without touching the host clock.
 */
export class Clock {
  constructor(private offsetMs = 0) {}

  /** Milliseconds since the epoch as the phone sees them. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Shifts the phone's clock (positive = phone runs ahead). */
  setOffset(ms: number): void {
    this.offsetMs = ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}
