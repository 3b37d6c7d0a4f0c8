import type { SettingsView } from '@/utils/messaging/send';

/** Whose name Kustomer puts on the edits: the signed-in agent, or the org's shared key's machine user. */
export function EditingAs({ view }: { view: SettingsView | undefined }) {
  if (!view?.org) return null;
  if (view.signedIn) {
    const { name, email } = view.signedIn;
    return (
      <p class="editing-as help">
        Editing as {name}
        {email ? ` (${email})` : ''} in {view.org}.
      </p>
    );
  }
  if (!view.hasApiKey) return null;
  const signInOff = view.managed?.locked.includes('signInMode') && view.managed.values.signInMode === 'apiKey';
  return (
    <p class="editing-as help">
      Editing with the shared API key of {view.org}: Kustomer shows its machine user, not you, as the author.
      {signInOff ? '' : ' Sign in with Kustomer in Settings to edit under your name.'}
    </p>
  );
}
