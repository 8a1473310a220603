/**
 * The "Project instructions" section of Fanout's plan review, shown when a project instructions file
 * is longer than the agents get by default: what each such file gives them now, and "Choose what
 * goes in…", a checkbox list of the file's sections with their sizes and a running total against
 * the ceiling. Apply posts `pickInstructions`; the host re-reads the file, re-lints and sends the
 * new review.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useEffect, useRef, useState } from 'react';
import type { InstructionFileChoice, WebviewToHost } from '../../src/protocol/messages';
import { bytesText, defaultCutText, fileSummary, initialPicks, pickMessage, pickTotal, sectionName, totalText } from './instructionsModel';

export interface InstructionsSectionProps {
  readonly files: readonly InstructionFileChoice[];
  readonly post: (message: WebviewToHost) => void;
}

/** Safe in an id attribute: `.github/copilot-instructions.md` -> `github-copilot-instructions-md`. */
function idPart(path: string): string {
  return path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

type FocusTarget = 'list' | 'toggle' | undefined;

function SectionPicker({ file, post }: { readonly file: InstructionFileChoice; readonly post: InstructionsSectionProps['post'] }) {
  const [picked, setPicked] = useState<ReadonlySet<string> | undefined>(undefined);
  const toggle = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLFieldSetElement>(null);
  const focusNext = useRef<FocusTarget>(undefined);
  const open = picked !== undefined;
  const base = `project-instr-${idPart(file.path)}`;

  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = undefined;
    if (target === 'list') list.current?.querySelector('input')?.focus();
    else if (target === 'toggle') toggle.current?.focus();
  }, [open]);

  const start = () => {
    focusNext.current = 'list';
    setPicked(initialPicks(file));
  };
  const close = () => {
    focusNext.current = 'toggle';
    setPicked(undefined);
  };
  const flip = (id: string) =>
    setPicked((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const apply = () => {
    if (picked === undefined) return;
    post(pickMessage(file, picked));
    close();
  };

  const total = picked === undefined ? undefined : pickTotal(file, picked);
  return (
    <div className="project-instr-file">
      <p className="project-instr-summary">{fileSummary(file)}</p>
      {file.truncated ? <p className="review-none">Only the start of this file (its first sections) can be chosen from.</p> : null}
      <button
        type="button"
        ref={toggle}
        className="ui-button small secondary"
        aria-expanded={picked !== undefined}
        aria-controls={`${base}-list`}
        onClick={picked === undefined ? start : close}
      >
        Choose what goes in…
      </button>
      {picked === undefined ? null : (
        <fieldset id={`${base}-list`} ref={list} className="project-instr-picker" aria-describedby={`${base}-total`}>
          <legend className="review-key">Sections of {file.path}</legend>
          <ul className="project-instr-sections">
            {file.sections.map((section) => {
              const cut = defaultCutText(section);
              return (
                <li key={section.id} className={`level-${Math.min(section.level, 6)}`}>
                  <label>
                    <input type="checkbox" checked={picked.has(section.id)} onChange={() => flip(section.id)} />
                    <span className="project-instr-heading">{sectionName(section)}</span>
                    <span className="project-instr-size">{bytesText(section.bytes)}</span>
                    {cut !== '' ? <span className="project-instr-cut">{cut}</span> : null}
                  </label>
                </li>
              );
            })}
          </ul>
          <p id={`${base}-total`} className={total !== undefined && total.overCeiling.length > 0 ? 'blocker' : 'project-instr-total'} role="status">
            {total !== undefined ? totalText(total) : ''}
          </p>
          <div className="button-row">
            <button type="button" className="ui-button small" onClick={apply}>
              Apply
            </button>
            <button type="button" className="ui-button small secondary" onClick={() => setPicked(new Set())}>
              Clear all
            </button>
            <button type="button" className="ui-button small secondary" onClick={close}>
              Cancel
            </button>
          </div>
        </fieldset>
      )}
    </div>
  );
}

export function InstructionsSection({ files, post }: InstructionsSectionProps) {
  if (files.length === 0) return null;
  return (
    <section className="review-section project-instr" aria-labelledby="project-instr-title">
      <h2 id="project-instr-title" className="ui-section-title">
        Project instructions
      </h2>
      <p className="project-instr-lead">
        Every agent carries your project instructions. A file longer than the default cut gives them only its start, unless you choose its sections.
      </p>
      {files.map((file) => (
        <SectionPicker key={file.path} file={file} post={post} />
      ))}
    </section>
  );
}
