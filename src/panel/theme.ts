// Follows the DevTools theme ('dark' or 'default'); detached, follows the OS.
export function applyTheme(devtoolsTheme: string | undefined) {
  const dark =
    devtoolsTheme !== undefined ? devtoolsTheme === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
