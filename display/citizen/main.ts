import { mount } from 'svelte';
import CitizenApp from './CitizenApp.svelte';
import './citizen.css';

mount(CitizenApp, { target: document.getElementById('app')! });

// Built pages only: the dev server has no worker. Its scope covers `/phan-anh` and everything below.
if (!import.meta.env.DEV && 'serviceWorker' in navigator) {
  void navigator.serviceWorker
    .register('/phan-anh/sw.js', { scope: '/phan-anh' })
    .then(async (registration) => {
      await navigator.serviceWorker.ready;
      // The files this page already loaded came before the worker: it keeps them for offline starts.
      const urls = performance.getEntriesByType('resource').map((entry) => entry.name);
      (registration.active ?? navigator.serviceWorker.controller)?.postMessage({
        type: 'keep',
        urls: [location.href, ...urls],
      });
    })
    .catch(() => undefined);
}
