import { filePath } from '../files/client';
import { useBlobUrl } from './FilesContext';
import { hueOf, initials } from './format';

interface Props {
  id: string;
  name: string;
  size?: 'sm' | 'md' | 'lg';
  online?: boolean;
  /** The avatar's or group picture's file id: its thumbnail is shown once fetched, initials until then. */
  imageId?: string | null;
}

export function Avatar({ id, name, size = 'md', online, imageId }: Props) {
  const image = useBlobUrl(imageId ? filePath(imageId, 'thumbnail') : null);
  const url = image?.status === 'ready' ? image.url : null;
  return (
    <span className={`avatar avatar-${size}`} style={{ ['--hue' as string]: hueOf(id) }} aria-hidden="true" data-image={url ? 'true' : undefined}>
      {url ? <img src={url} alt="" className="avatar-img" data-testid="avatar-image" /> : initials(name)}
      {online !== undefined && <span className={online ? 'dot online' : 'dot'} />}
    </span>
  );
}
