/**
 * The agent app's in-page navigations, for the content script: the page's new address each time
 * it changes, compared as strings. Where the browser has the Navigation API (Chromium) its
 * `navigate` event tells at once; elsewhere (Firefox before 147) `location.href` is looked at
 * each second. WXT's `wxt:locationchange` does the same with a URL object at start and per
 * navigation; on every Kustomer page that start was about 0.2–0.35 ms of script time.
 */

interface NavigateEvent {
  destination: { url: string };
}
interface NavigationApi {
  addEventListener(type: 'navigate', listener: (event: NavigateEvent) => void): void;
  removeEventListener(type: 'navigate', listener: (event: NavigateEvent) => void): void;
}

/** Calls `run` with the new address whenever it changes; returns a stop. */
export function watchLocation(win: Window, run: (url: string) => void, pollMs = 1000): () => void {
  let last = win.location.href;
  const check = (url: string) => {
    if (url === last) return;
    last = url;
    run(url);
  };
  const navigation = (win as Window & { navigation?: Partial<NavigationApi> }).navigation;
  if (typeof navigation?.addEventListener === 'function' && typeof navigation.removeEventListener === 'function') {
    const api = navigation as NavigationApi;
    const listener = (event: NavigateEvent) => check(event.destination.url);
    api.addEventListener('navigate', listener);
    return () => api.removeEventListener('navigate', listener);
  }
  const timer = win.setInterval(() => check(win.location.href), pollMs);
  return () => win.clearInterval(timer);
}
