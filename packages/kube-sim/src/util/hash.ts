import { createHash } from 'node:crypto';

/** A stable number in [0, 1) from a string: the simulator's only source of "randomness" for models. */
export function unitHash(s: string): number {
  const h = createHash('sha1').update(s).digest();
  return h.readUInt32BE(0) / 2 ** 32;
}
