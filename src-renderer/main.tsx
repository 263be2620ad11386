import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { initTheme } from './app/theme';
import { createRouter } from './app/router';
import { createClient } from './client';
import { useConnection } from './state/connection';
import { followRecordings, useRecordings } from './state/recordings';
import { followStatus } from './state/status';
import './styles/tokens.css';
import './styles/base.css';

initTheme();
const client = createClient();
useConnection.getState().connect(client);
followRecordings();
followStatus();
void useRecordings.getState().load();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={createRouter()} />
  </StrictMode>,
);
