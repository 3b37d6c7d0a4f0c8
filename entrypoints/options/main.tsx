import { render } from 'preact';
import { SettingsForm } from '@/components/SettingsForm';
import { Shortcuts } from '@/components/Shortcuts';
import '@/components/theme.css';

render(
  <main class="options">
    <SettingsForm />
    <Shortcuts />
  </main>,
  document.getElementById('app')!,
);
