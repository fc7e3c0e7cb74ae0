// Copying from the panel. navigator.clipboard is blocked in DevTools panels; a
// hidden textarea and execCommand('copy') work in both browsers.
export function copy(text: string): void {
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.append(ta);
  ta.select();
  document.execCommand('copy');
  ta.remove();
}
