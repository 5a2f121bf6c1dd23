import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
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
// The data layer (Dexie, zod, sync engine) loads right after the shell has painted.
void import('./controller').then((controller) => controller.startApp());
