import { render } from 'preact';
import { Popup } from '@/components/popup/Popup';
import '@/components/shared/theme.css';

render(<Popup customerParam={new URLSearchParams(location.search).get('customer')} />, document.getElementById('app')!);
