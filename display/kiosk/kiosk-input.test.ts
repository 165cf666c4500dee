import { afterEach, describe, expect, it } from 'vitest';
import { installKiosk, isKioskBlockedKey, type KeyLike } from './kiosk-input';

const key = (key: string, modifiers: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('isKioskBlockedKey', () => {
  it.each([
    ['F5 (reload)', key('F5')],
    ['F11 (fullscreen)', key('F11')],
    ['F12 (developer tools)', key('F12')],
    ['F7 (caret browsing)', key('F7')],
    ['Escape', key('Escape')],
    ['Ctrl+R', key('r', { ctrlKey: true })],
    ['Ctrl+Shift+R', key('R', { ctrlKey: true, shiftKey: true })],
    ['Ctrl+W', key('w', { ctrlKey: true })],
    ['Ctrl+P (print)', key('p', { ctrlKey: true })],
    ['Ctrl+Shift+I (developer tools)', key('I', { ctrlKey: true, shiftKey: true })],
    ['Ctrl++ (zoom)', key('+', { ctrlKey: true })],
    ['Cmd+R', key('r', { metaKey: true })],
    ['Alt+← (back)', key('ArrowLeft', { altKey: true })],
    ['Alt+Home', key('Home', { altKey: true })],
    ['Tab (focus)', key('Tab')],
    ['Space (scroll)', key(' ')],
    ['Backspace', key('Backspace')],
    ['the menu key', key('ContextMenu')],
    ['the keyboard’s back key', key('BrowserBack')],
  ])('swallows %s', (_name, event) => {
    expect(isKioskBlockedKey(event)).toBe(true);
  });

  it.each([['a'], ['Z'], ['5'], ['đ'], ['Shift']])(
    'lets a plain key (%s) through: it does nothing on a wall',
    (name) => {
      expect(isKioskBlockedKey(key(name))).toBe(false);
    },
  );
});

describe('installKiosk', () => {
  let undo: (() => void) | null = null;
  afterEach(() => {
    undo?.();
    undo = null;
    document.body.innerHTML = '';
  });

  it('marks the root for the kiosk stylesheet and takes the mark away on undo', () => {
    undo = installKiosk();
    expect(document.documentElement.hasAttribute('data-kiosk')).toBe(true);
    undo();
    undo = null;
    expect(document.documentElement.hasAttribute('data-kiosk')).toBe(false);
  });

  it('refuses the context menu, selection, drags and shortcuts before any widget sees them', () => {
    undo = installKiosk();
    const target = document.createElement('div');
    document.body.append(target);
    let widgetSaw = 0;
    target.addEventListener('contextmenu', () => widgetSaw++);
    for (const type of ['contextmenu', 'selectstart', 'dragstart']) {
      const event = new Event(type, { bubbles: true, cancelable: true });
      target.dispatchEvent(event);
      expect(event.defaultPrevented, type).toBe(true);
    }
    expect(widgetSaw).toBe(0);
    const reload = new KeyboardEvent('keydown', { key: 'F5', bubbles: true, cancelable: true });
    target.dispatchEvent(reload);
    expect(reload.defaultPrevented).toBe(true);
    const letter = new KeyboardEvent('keydown', { key: 'a', bubbles: true, cancelable: true });
    target.dispatchEvent(letter);
    expect(letter.defaultPrevented).toBe(false);
    const zoom = new WheelEvent('wheel', { ctrlKey: true, bubbles: true, cancelable: true });
    // happy-dom's WheelEvent drops the modifier keys of its init.
    Object.defineProperty(zoom, 'ctrlKey', { value: true });
    target.dispatchEvent(zoom);
    expect(zoom.defaultPrevented).toBe(true);
  });

  it('takes hover text away before a tooltip can show', () => {
    undo = installKiosk();
    document.body.innerHTML = '<section title="Khung"><span title="cập nhật"><b>5 phút</b></span></section>';
    document.querySelector('b')!.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    expect(document.querySelectorAll('[title]')).toHaveLength(0);
  });

  it('does nothing once undone', () => {
    undo = installKiosk();
    undo();
    undo = null;
    const event = new Event('contextmenu', { bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });
});
