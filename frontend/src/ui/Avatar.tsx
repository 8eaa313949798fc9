import { hueOf, initials } from './format';

export function Avatar({ id, name, size = 'md', online }: { id: string; name: string; size?: 'sm' | 'md'; online?: boolean }) {
  return (
    <span className={`avatar avatar-${size}`} style={{ ['--hue' as string]: hueOf(id) }} aria-hidden="true">
      {initials(name)}
      {online !== undefined && <span className={online ? 'dot online' : 'dot'} />}
    </span>
  );
}
