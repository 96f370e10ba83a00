// A reconciliation run's page while the run goes on (views/reconciliation/run.njk): without
// JavaScript a <noscript> refresh reloads it; with it, this fetches the same page every couple of
// seconds and swaps in the progress region (announced politely), then reloads once for the results.
const POLL_MS = 1500;

export function initRunProgress(root = document) {
  const region = root.querySelector('[data-module="app-run-progress"]');
  if (!region) return;
  const tick = async () => {
    try {
      const res = await fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
      if (res.ok) {
        const next = new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('[data-module="app-run-progress"]');
        if (!next) {
          window.location.reload();
          return;
        }
        region.replaceChildren(...Array.from(next.childNodes).map((node) => document.importNode(node, true)));
      }
    } catch {
      // A dropped request: try again on the next tick.
    }
    window.setTimeout(tick, POLL_MS);
  };
  window.setTimeout(tick, POLL_MS);
}
