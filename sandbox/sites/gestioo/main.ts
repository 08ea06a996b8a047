import { mountGestioo } from './client.ts';

const root = document.getElementById('app');
if (root) mountGestioo({ root });
