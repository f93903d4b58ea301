import { render } from 'preact';
import { OptionsApp } from '@/components/options-app';
import '@/components/theme.css';
import '@/components/options.css';

render(<OptionsApp />, document.getElementById('app')!);
