import { render } from 'preact';
import { OptionsPage } from '../../components/OptionsPage';
import { createOptionsState } from '../../lib/options/state';
import './options.css';

const state = createOptionsState();
const app = document.getElementById('app');
if (app) render(<OptionsPage state={state} />, app);
