/**
 * The page the browser suite drives. `?without=waitAsync` removes `Atomics.waitAsync` before the
 * core loads, as on a browser that lacks it, so the core's documented fallback (polling) runs.
 */
if (new URLSearchParams(location.search).get('without') === 'waitAsync') {
  Reflect.deleteProperty(Atomics, 'waitAsync');
}
const { checks } = await import('./checks.ts');
Object.assign(window, { racelab: checks });
document.getElementById('status')!.textContent = crossOriginIsolated ? 'ready' : 'not cross-origin isolated';
