// Parley's service worker (docs/adr/0156): shows Web Push notifications and opens the conversation
// when one is clicked. It caches nothing and handles no fetches. A classic script, served at /sw.js
// with the app's CSP (script-src 'self' covers workers).
/* eslint-env serviceworker */
'use strict';

/** The app's URL of a conversation (frontend/src/ui/router.ts). */
function conversationUrl(conversationId) {
  return /^[0-9a-fA-F-]{36}$/.test(String(conversationId)) ? '/c/' + String(conversationId).toLowerCase() : '/';
}

/** The notification to show for a push payload `{conversationId, seq, messageId, title, body}`. */
function notificationOf(payload) {
  const data = payload && typeof payload === 'object' ? payload : {};
  const title = typeof data.title === 'string' && data.title ? data.title.slice(0, 200) : 'Parley';
  return {
    title,
    options: {
      body: typeof data.body === 'string' ? data.body.slice(0, 500) : '',
      tag: typeof data.conversationId === 'string' ? 'conversation:' + data.conversationId : 'parley',
      data: { conversationId: data.conversationId, seq: data.seq, messageId: data.messageId },
    },
  };
}

/**
 * A click: focus a Parley tab and tell it to open the conversation at that message, or open a new
 * one at the conversation's URL.
 */
async function openConversation(scope, data) {
  const url = conversationUrl(data && data.conversationId);
  const windows = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
  const tab = windows.find((client) => client.focused) || windows[0];
  if (tab) {
    const focused = await tab.focus();
    (focused || tab).postMessage({
      type: 'parley.open-conversation',
      conversationId: data && data.conversationId,
      seq: data && data.seq,
    });
    return focused || tab;
  }
  return scope.clients.openWindow(url);
}

function install(scope) {
  scope.addEventListener('install', () => scope.skipWaiting());
  scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));
  scope.addEventListener('push', (event) => {
    let payload = {};
    try {
      payload = event.data ? event.data.json() : {};
    } catch {
      payload = {};
    }
    const { title, options } = notificationOf(payload);
    event.waitUntil(scope.registration.showNotification(title, options));
  });
  scope.addEventListener('notificationclick', (event) => {
    event.notification.close();
    event.waitUntil(openConversation(scope, event.notification.data));
  });
}

install(self);
