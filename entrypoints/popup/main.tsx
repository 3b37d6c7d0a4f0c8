import { render } from 'preact';
import { Popup } from '@/components/Popup';
import '@/components/theme.css';

render(<Popup customerParam={new URLSearchParams(location.search).get('customer')} />, document.getElementById('app')!);
