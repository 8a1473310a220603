/** The first line the in-host suite prints; runners forward the extension host's output from here on. */
export const SUITE_BANNER = 'Fanout in-host suite';
