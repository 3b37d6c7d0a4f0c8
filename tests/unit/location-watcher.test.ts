import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchLocation } from '@/utils/detect/location-watcher';

const A = 'https://acme.kustomerapp.com/app/customers/58210c3db0f09110006b7953';
const B = 'https://acme.kustomerapp.com/app/conversations/58228e05d4e96711004eccb7';

/** A window with just what the watcher reads: an address, timers and maybe the Navigation API. */
function fakeWindow({ navigationApi }: { navigationApi: boolean }) {
  const navigation = new EventTarget();
  const win = {
    location: { href: A },
    setInterval: (run: () => void, ms: number) => setInterval(run, ms),
    clearInterval: (id: number) => clearInterval(id),
    ...(navigationApi && { navigation }),
  };
  const navigate = (url: string) => {
    navigation.dispatchEvent(Object.assign(new Event('navigate'), { destination: { url } }));
    win.location.href = url;
  };
  return { win: win as unknown as Window, navigate, location: win.location };
}

afterEach(() => vi.useRealTimers());

describe('the page address as the app navigates', () => {
  it('is told at once by the Navigation API, once per new address, and not after stop', () => {
    const { win, navigate } = fakeWindow({ navigationApi: true });
    const seen: string[] = [];
    const stop = watchLocation(win, (url) => seen.push(url));
    navigate(B);
    navigate(B); // the same address again (a replace): nothing new
    navigate(A);
    expect(seen).toEqual([B, A]);
    stop();
    navigate(B);
    expect(seen).toEqual([B, A]);
  });

  it('is looked at each second without the Navigation API (Firefox before 147)', () => {
    vi.useFakeTimers();
    const { win, location } = fakeWindow({ navigationApi: false });
    const seen: string[] = [];
    const stop = watchLocation(win, (url) => seen.push(url));
    location.href = B;
    vi.advanceTimersByTime(999);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual([B]);
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([B]);
    stop();
    location.href = A;
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual([B]);
  });
});
