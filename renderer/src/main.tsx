import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { synfin } from './api';
import './styles/app.css';

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    {synfin ? <App /> : <p className="no-api">Synfin’s window opened without its bridge (window.synfin): start it with <code>npm start</code>.</p>}
  </StrictMode>,
);
