// Keys shared by the panels that open over a screen.

/**
 * A keydown handler that closes a panel on Escape and keeps the key from the screen beneath,
 * which would otherwise take Escape as its own (clearing a selection, say).
 */
export function closeOnEscape(close: () => void): (event: KeyboardEvent) => void {
  return (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    close();
  };
}
