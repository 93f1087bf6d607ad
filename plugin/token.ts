/** The plugin's package name, and the token of a resource or function of it: `paperspace:index:<name>`. */
export const PACKAGE = "paperspace";

export const token = (name: string) => `${PACKAGE}:index:${name}`;
