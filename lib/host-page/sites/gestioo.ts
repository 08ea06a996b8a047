import { GESTIOO } from './definitions.ts';
import { defineSite } from './site.ts';

export const gestioo = defineSite(GESTIOO);
