// Pages of work done in the background (a panel pack's PDF, a reconciliation run) show their
// progress in an element marked data-app-progress, with a "check again" link for people without
// JavaScript. With it, the page fetches itself every few seconds and swaps in the new <main>, so
// the progress updates in place (role="status" announces it); the swapping stops once the page
// no longer marks anything in progress. No meta refresh: WCAG 2.2.1 forbids a timed reload.
const EVERY_MS = 2000;

export function initProgress() {
  if (!document.querySelector('[data-app-progress]')) return;
  const tick = async () => {
    try {
      const res = await fetch(window.location.href, { headers: { Accept: 'text/html' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const next = new DOMParser().parseFromString(await res.text(), 'text/html');
      const main = document.querySelector('main');
      const fresh = next.querySelector('main');
      if (!main || !fresh) return;
      main.replaceChildren(...fresh.childNodes);
      document.title = next.title;
      if (!document.querySelector('[data-app-progress]')) return;
    } catch {
      // A failed poll is tried again on the next tick.
    }
    window.setTimeout(tick, EVERY_MS);
  };
  window.setTimeout(tick, EVERY_MS);
}
