// Prettier decides the layout of code, JSON and CSS (Markdown is left as written: see .prettierignore).
// The options match the style the code was written in; printWidth 160 is the line length the house
// style already holds code to, so formatting rewraps the few longer lines instead of the many
// deliberate 120-160 character ones.
/** @type {import('prettier').Config} */
const config = {
  printWidth: 160,
  singleQuote: true,
  semi: true,
  trailingComma: 'all',
  arrowParens: 'always',
  bracketSpacing: true,
  endOfLine: 'lf',
};

export default config;
