/** The file name of a path, whichever separator the platform uses. */
export function fileName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** A path that ends in .demarc: GTK's save dialog does not add the extension. */
export function withExtension(path: string): string {
  return /\.demarc$/i.test(path) ? path : `${path}.demarc`;
}
