/**
 * The id of the build this page runs: Vite writes it into the bundle (`define`) and beside it as
 * `dist/build.json`, which the server announces. Null in tests and the dev server, where a
 * screen never updates itself.
 */
declare const __IOC_BUILD__: string | undefined;

export const OWN_BUILD: string | null =
  typeof __IOC_BUILD__ === 'string' && !import.meta.env?.DEV ? __IOC_BUILD__ : null;
