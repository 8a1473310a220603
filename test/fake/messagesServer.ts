/**
 * The fake Messages API lives in `src/fakeApi/` (the demo mode serves it in the product); tests and the
 * benchmark import it from here.
 */
export * from '../../src/fakeApi/messagesServer';
