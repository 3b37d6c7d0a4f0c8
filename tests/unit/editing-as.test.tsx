import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { EditingAs } from '@/components/popup/EditingAs';

afterEach(() => cleanup());

describe('who the popup says edits', () => {
  it('names the signed-in agent, or says the shared key’s machine user is the author', () => {
    const signedIn = render(<EditingAs view={{ org: 'acme', hasApiKey: false, keyOrg: undefined, signedIn: { name: 'Grace Hopper', email: 'grace@acme.example' } }} />);
    expect(signedIn.container.textContent).toBe('Editing as Grace Hopper (grace@acme.example) in acme.');
    cleanup();
    const key = render(<EditingAs view={{ org: 'acme', hasApiKey: true, keyOrg: 'acme' }} />);
    expect(key.container.textContent).toMatch(/^Editing with the shared API key of acme: Kustomer shows its machine user, not you, as the author\./);
  });

  it('says nothing while settings are unknown or nothing is connected', () => {
    expect(render(<EditingAs view={undefined} />).container.textContent).toBe('');
    expect(render(<EditingAs view={{ org: 'acme', hasApiKey: false, keyOrg: undefined }} />).container.textContent).toBe('');
  });
});
