// jsdom does no layout, so it has no scrollIntoView; the app calls it after opening the editor.
Element.prototype.scrollIntoView = function scrollIntoView() {};

// Nor ResizeObserver, which `bind:clientHeight` uses; a size that never changes is enough.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};
