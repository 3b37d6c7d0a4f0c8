import { render } from 'preact';
import { SidePanel } from '@/components/panel/SidePanel';
import '@/components/shared/theme.css';

render(<SidePanel />, document.getElementById('app')!);
