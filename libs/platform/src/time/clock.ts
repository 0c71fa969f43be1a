import { Injectable } from '@nestjs/common';

/** The time, injected, so tests can move it (expiry, start dates) without waiting. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock a test sets and advances by hand. */
export class ManualClock extends Clock {
  constructor(private current = new Date()) {
    super();
  }
  override now(): Date {
    return new Date(this.current.getTime());
  }
  set(time: Date): void {
    this.current = new Date(time.getTime());
  }
  advance(milliseconds: number): void {
    this.current = new Date(this.current.getTime() + milliseconds);
  }
}
