/**
 * The simulator's notion of "now". Tests move it forward (control.advanceClock) to let tokens, codes and
 * sessions run out without sleeping.
 */
export interface Clock {
  /** epoch ms */
  now(): number;
  advance(ms: number): void;
}

export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance: (ms) => {
      offset += ms;
    },
  };
}
