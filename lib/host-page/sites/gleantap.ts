import { GLEANTAP } from './definitions.ts';
import { defineSite } from './site.ts';

export const gleantap = defineSite(GLEANTAP);
