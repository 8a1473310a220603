/** True while the view is wide (the run open in an editor tab, not the ~300 px sidebar): agents then show as a grid of cards. */
import { useEffect, useState } from 'react';

/** Width from which the run view lays itself out for width. */
export const WIDE_QUERY = '(min-width: 900px)';

function matches(): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(WIDE_QUERY).matches;
}

export function useWide(): boolean {
  const [wide, setWide] = useState(matches);
  useEffect(() => {
    if (typeof window === 'undefined' || typeof window.matchMedia !== 'function') return undefined;
    const query = window.matchMedia(WIDE_QUERY);
    const onChange = () => setWide(query.matches);
    query.addEventListener('change', onChange);
    onChange();
    return () => query.removeEventListener('change', onChange);
  }, []);
  return wide;
}
