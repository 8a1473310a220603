/**
 * Moves keyboard focus to a Fanout stage's heading when the stage appears, so keyboard and screen
 * reader users land on the new step instead of the page body. Only while the sidebar has focus: a
 * stage the host switches to in the background never pulls focus from the editor.
 */
import { useEffect, useRef } from 'react';

export function useStageFocus<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (document.hasFocus()) {
      ref.current?.focus();
    }
  }, []);
  return ref;
}
