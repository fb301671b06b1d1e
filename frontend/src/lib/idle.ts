// Inactivity tracking for auto-lock. The backend enforces the same limit;
// this side locks the screen on time even between backend calls and tells
// the backend about activity at most every `touchEveryMs`.

export interface IdleOptions {
  timeoutMs: number;
  touchEveryMs: number;
  onIdle: () => void;
  onTouch: () => void;
  now?: () => number;
}

export class IdleWatcher {
  private last: number;
  private lastTouch = -Infinity;
  private fired = false;
  private readonly now: () => number;

  constructor(private opts: IdleOptions) {
    this.now = opts.now ?? (() => Date.now());
    this.last = this.now();
  }

  /** Sets a new timeout (the admin changed it). */
  setTimeout(ms: number): void {
    this.opts.timeoutMs = ms;
  }

  /** Records user activity. */
  activity(): void {
    const n = this.now();
    this.last = n;
    this.fired = false;
    if (n - this.lastTouch >= this.opts.touchEveryMs) {
      this.lastTouch = n;
      this.opts.onTouch();
    }
  }

  /** Fires onIdle once when the timeout has passed; call it periodically. */
  check(): void {
    if (!this.fired && this.now() - this.last >= this.opts.timeoutMs) {
      this.fired = true;
      this.opts.onIdle();
    }
  }

  /** Starts listening on target; returns the function that stops it all. */
  start(target: EventTarget, everyMs = 1000): () => void {
    const on = () => this.activity();
    const events = ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart'];
    for (const e of events) target.addEventListener(e, on, { passive: true });
    const timer = setInterval(() => this.check(), everyMs);
    return () => {
      clearInterval(timer);
      for (const e of events) target.removeEventListener(e, on);
    };
  }
}
