import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startDataLayer } from './data-layer';
import { useUi } from './stores/ui';
import './styles.css';

document.documentElement.lang = useUi.getState().language === 'zh' ? 'zh-CN' : 'en';
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
// The data layer (Dexie, sync engine) loads at once for a signed-in phone, after the sign-in screen otherwise.
startDataLayer();
