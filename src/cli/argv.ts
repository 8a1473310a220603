/**
 * Splits a command line into options and positionals without judging them: `--name value`,
 * `--name=value`, `-h`, and `--` (everything after it is a positional). Whether an option exists,
 * applies to the command or lacks its value is for args.ts to say, with the command in hand.
 */

export interface OptionToken {
  /** As typed, without a value: `--workspace`, `-h`. */
  readonly flag: string;
  /** The long name (`workspace`), or the letter of an unknown short option. */
  readonly name: string;
  /** Absent: none was given (a string option at the end, or followed by another option). */
  readonly value?: string;
  /** The value came with `=`. */
  readonly inline: boolean;
}

export interface ScannedArgv {
  readonly options: readonly OptionToken[];
  readonly positionals: readonly string[];
}

export interface ScanSpec {
  /** Whether `--name` takes a value (unknown names take none: they are refused anyway). */
  readonly takesValue: (name: string) => boolean;
  /** The long name of a short option, if it has one. */
  readonly longOf: (letter: string) => string | undefined;
}

/** A word that is the next option rather than a value: `-x`, `--x`; not `-`, not a negative number. */
function looksLikeOption(word: string): boolean {
  return word.startsWith('-') && word !== '-' && !/^-\d/.test(word);
}

export function scanArgv(argv: readonly string[], spec: ScanSpec): ScannedArgv {
  const options: OptionToken[] = [];
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i];
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
      if (eq !== -1) {
        options.push({ flag: `--${name}`, name, value: word.slice(eq + 1), inline: true });
        continue;
      }
      const next = argv[i + 1];
      if (spec.takesValue(name) && next !== undefined && !looksLikeOption(next)) {
        options.push({ flag: word, name, value: next, inline: false });
        i += 1;
      } else {
        options.push({ flag: word, name, inline: false });
      }
      continue;
    }
    if (looksLikeOption(word)) {
      // Short options stand alone: `-h`; anything longer (`-hx`, `-workspace`) is unknown as written.
      const letter = word.slice(1);
      options.push({ flag: word, name: letter.length === 1 ? (spec.longOf(letter) ?? letter) : word, inline: false });
      continue;
    }
    positionals.push(word);
  }
  return { options, positionals };
}
