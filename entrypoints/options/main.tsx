import { render } from 'preact';
import { SettingsForm } from '@/components/SettingsForm';
import '@/components/theme.css';

render(
  <main class="options">
    <SettingsForm />
  </main>,
  document.getElementById('app')!,
);
