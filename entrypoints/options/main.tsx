import { render } from 'preact';
import { SettingsForm } from '@/components/options/SettingsForm';
import { Shortcuts } from '@/components/options/Shortcuts';
import '@/components/shared/theme.css';

render(
  <main class="options">
    <SettingsForm />
    <Shortcuts />
  </main>,
  document.getElementById('app')!,
);
