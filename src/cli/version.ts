/** Fanout's version, from package.json: the bundler inlines this one field, so dist/cli.js reads no file for it. */
import { version } from '../../package.json';

export const VERSION: string = version;
