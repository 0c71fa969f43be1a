import { useEffect, useRef } from 'preact/hooks';

/**
 * The access-request emails link to `/admin?requestId=…` (approvers) and
 * `/engineer?requestId=…` (the engineer): the screen opens with that request shown and focused.
 */
export function linkedRequestId(): string | null {
  return new URLSearchParams(location.search).get('requestId');
}

/** A ref for the linked item: focused (so a screen reader announces it) and scrolled into view once it renders. */
export function useFocusWhenLinked<T extends HTMLElement>(linked: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (!linked || !ref.current) return;
    ref.current.focus();
    ref.current.scrollIntoView({ block: 'center' });
  }, [linked]);
  return ref;
}

/** Props of a linked list item: focusable by script only, marked, and highlighted by the stylesheet. */
export const linkedItemProps = (linked: boolean) => (linked ? { tabIndex: -1, class: 'item linked', 'aria-current': 'true' as const } : { class: 'item' });
