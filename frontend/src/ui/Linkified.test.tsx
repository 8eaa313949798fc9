import { render } from './testRender';
import { describe, expect, it } from 'vitest';
import { Linkified, splitLinks } from './Linkified';

describe('message text', () => {
  it('renders markup as text, never as HTML', () => {
    const { container } = render(<Linkified text={'<img src=x onerror="alert(1)"><b>hi</b>'} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(container.textContent).toBe('<img src=x onerror="alert(1)"><b>hi</b>');
  });

  it('turns http and https URLs into links that open safely', () => {
    const { container } = render(<Linkified text="see https://example.org/a?b=1, then http://x.test." />);
    const links = [...container.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['https://example.org/a?b=1', 'http://x.test/']);
    for (const a of links) {
      expect(a.getAttribute('rel')).toBe('noopener noreferrer');
      expect(a.getAttribute('target')).toBe('_blank');
    }
    expect(container.textContent).toBe('see https://example.org/a?b=1, then http://x.test.');
  });

  it('never links other schemes', () => {
    expect(splitLinks('javascript:alert(1) data:text/html,x ftp://host/file').every((p) => p.kind === 'text')).toBe(true);
  });
});
