/** Helpers for the demo sites' generated people, on top of the sandbox's seeded PRNG. */
import type { Rng } from '../../prng.ts';

/** "José Ñúñez" → "jose.nunez": the local part of a made-up email address. */
export function emailLocalPart(...names: string[]): string {
  return names
    .map((name) =>
      name
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ''),
    )
    .filter(Boolean)
    .join('.');
}

/** `count` random decimal digits, as a string. */
export function randomDigits(rng: Rng, count: number): string {
  let digits = '';
  for (let i = 0; i < count; i++) digits += String(rng.int(0, 9));
  return digits;
}
