import { create } from 'zustand';

export type Language = 'zh' | 'en';
const LANG_KEY = 'window-duty.lang';

function initialLanguage(): Language {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export interface UiState {
  language: Language;
  setLanguage: (language: Language) => void;
  /** A short message shown once (e.g. "saved"). */
  flash: string | null;
  /** The flash is about a change kept on the phone: it says "syncs when online" while that is true. */
  flashAboutSync: boolean;
  setFlash: (flash: string | null, options?: { aboutSync?: boolean }) => void;
}

export const useUi = create<UiState>((set) => ({
  language: initialLanguage(),
  setLanguage: (language) => {
    try {
      globalThis.localStorage?.setItem(LANG_KEY, language);
    } catch {
      /* private mode */
    }
    if (typeof document !== 'undefined') document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    set({ language });
  },
  flash: null,
  flashAboutSync: false,
  setFlash: (flash, options) => {
    set({ flash, flashAboutSync: !!options?.aboutSync });
    if (flash) setTimeout(() => set((s) => (s.flash === flash ? { flash: null } : {})), 4000);
  },
}));
