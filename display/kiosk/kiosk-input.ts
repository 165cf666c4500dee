/**
 * A wall or LED screen is looked at, never used: nothing a passer-by (or a cat on the keyboard of
 * the kiosk PC) does may open a menu, select text, zoom, print, reload, leave the page or open
 * the developer tools — as far as a page can refuse them. Shortcuts the browser keeps for itself
 * (Ctrl+W, Ctrl+T, Alt+F4 in most window managers) are dealt with by the kiosk launch flags.
 */
import './kiosk.css';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Keys that move focus, scroll or leave fullscreen on their own. */
const NAVIGATION_KEYS = new Set([
  'Escape',
  'Tab',
  'Backspace',
  'ContextMenu',
  'Enter',
  ' ',
  'PageUp',
  'PageDown',
  'Home',
  'End',
  'ArrowUp',
  'ArrowDown',
  'ArrowLeft',
  'ArrowRight',
]);

/** Should this key press be swallowed on a kiosk page? */
export function isKioskBlockedKey(event: KeyLike): boolean {
  // Every browser shortcut carries a modifier: Ctrl+R/P/S/U/F/O/L/+/−/0, Ctrl+Shift+I/J/C, Alt+←/→/Home…
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  // F1–F24: help, caret browsing (F7), reload (F5), fullscreen (F11), developer tools (F12).
  if (/^F\d{1,2}$/.test(event.key)) return true;
  // Media and browser keys of multimedia keyboards.
  if (/^(Browser|Launch|Media|Audio|Zoom|Print)/.test(event.key)) return true;
  // Search-as-you-type (' and / in Firefox) and plain letters are harmless; these are not.
  return NAVIGATION_KEYS.has(event.key);
}

/**
 * Turns the kiosk on for this document: CSS (no cursor, no selection, no touch gestures) via
 * `data-kiosk` on the root, and capture-phase listeners that refuse menus, selection, drags,
 * zoom and shortcuts before any widget sees them. Returns the undo.
 */
export function installKiosk(win: Window = window): () => void {
  const root = win.document.documentElement;
  root.dataset.kiosk = '';
  const refuse = (event: Event) => {
    event.preventDefault();
    event.stopPropagation();
  };
  const onKey = (event: KeyboardEvent) => {
    if (isKioskBlockedKey(event)) refuse(event);
  };
  const onWheel = (event: WheelEvent) => {
    // Ctrl+wheel and pinch (reported as Ctrl+wheel) zoom the page.
    if (event.ctrlKey) event.preventDefault();
  };
  const onMouseOver = (event: MouseEvent) => {
    // Tooltips appear after hovering; the attribute is gone before they can.
    for (let node = event.target as Element | null; node && node !== root; node = node.parentElement) {
      if (node.hasAttribute('title')) node.removeAttribute('title');
      if (node instanceof SVGElement) for (const title of node.querySelectorAll(':scope > title')) title.remove();
    }
  };
  const onAuxClick = (event: MouseEvent) => {
    // Middle click: autoscroll or "open in new tab".
    if (event.button !== 0) refuse(event);
  };
  const listeners: Array<[string, EventListener, AddEventListenerOptions]> = [
    ['contextmenu', refuse, { capture: true }],
    ['selectstart', refuse, { capture: true }],
    ['dragstart', refuse, { capture: true }],
    ['keydown', onKey as EventListener, { capture: true }],
    ['keyup', onKey as EventListener, { capture: true }],
    ['keypress', onKey as EventListener, { capture: true }],
    ['wheel', onWheel as EventListener, { capture: true, passive: false }],
    ['mouseover', onMouseOver as EventListener, { capture: true, passive: true }],
    ['auxclick', onAuxClick as EventListener, { capture: true }],
    ['mousedown', onAuxClick as EventListener, { capture: true }],
    ['gesturestart', refuse, { capture: true }],
  ];
  for (const [type, listener, options] of listeners) win.addEventListener(type, listener, options);
  // Leaving the page by accident (history gestures, a stray Alt+←) asks nothing but stays put.
  win.history.pushState(win.history.state, '', win.location.href);
  const onPopState = () => win.history.pushState(win.history.state, '', win.location.href);
  win.addEventListener('popstate', onPopState);
  return () => {
    delete root.dataset.kiosk;
    for (const [type, listener, options] of listeners) win.removeEventListener(type, listener, options);
    win.removeEventListener('popstate', onPopState);
  };
}
