// jsdom does no layout, so it has no scrollIntoView; the app calls it after opening the editor.
Element.prototype.scrollIntoView = function scrollIntoView() {};
