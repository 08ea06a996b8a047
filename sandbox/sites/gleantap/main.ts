import { mountGleantap } from './client.ts';

const root = document.getElementById('app');
if (root) mountGleantap({ root });
