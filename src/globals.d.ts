// Build-time constants (vite `define`).
declare const __IS_FIREFOX__: boolean;
declare const __WSD_DEBUG__: boolean;
