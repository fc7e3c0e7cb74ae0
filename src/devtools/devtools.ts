// The devtools_page: it only creates the panel. Everything else lives in the panel.
import browser from 'webextension-polyfill';

browser.devtools.panels.create('WS Doctor', '/icons/icon-32.png', '/extension/panel.html').catch(() => {});
