import { createContext, useContext, useEffect, useState } from 'react';
import type { BlobState } from '../files/blobCache';
import type { FilesClient } from '../files/client';

/** The files client of the signed-in chat; absent in component tests that show no files. */
export const FilesContext = createContext<FilesClient | null>(null);

export function useFiles(): FilesClient | null {
  return useContext(FilesContext);
}

/** A blob URL for a file path, held while the component shows it; null path → nothing fetched. */
export function useBlobUrl(path: string | null): BlobState | null {
  const files = useFiles();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!files || !path) return;
    return files.cacheFor(path).hold(path, () => setTick((t) => t + 1));
  }, [files, path]);
  if (!files || !path) return null;
  return files.cacheFor(path).state(path);
}
