import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectClient } from './api/connect';
import { App } from './app';
import { createStores, StoresContext } from './store/stores';

performance.mark('lull:boot');
const stores = createStores(connectClient());
// Ask for the engine's state before React's first render: Status is interactive as soon as it lands.
void stores.status.getState().load();
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <StoresContext.Provider value={stores}>
        <App />
      </StoresContext.Provider>
    </StrictMode>,
  );
}
