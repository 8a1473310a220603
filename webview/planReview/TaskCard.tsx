/**
 * One task of a proposed Fanout plan, editable in place: its model, the files it owns (a long path
 * cut in its middle, whole in its tooltip; each can move to another task; execution-sensitive ones
 * carry a "sensitive" badge saying why), its dependencies and instructions, and Remove / Merge into.
 */
/* @jsxRuntime automatic (the Node unit tests run this file through tsx, whose root tsconfig sets no "jsx") */
import { useState } from 'react';
import { isWritingTask, type TaskSpec } from '../../src/core/plan/plan';
import type { PlanEditMessage } from '../../src/protocol/messages';
import { cutPathMiddle } from '../format';
import { mergeTargets, ownershipTargets, sensitiveOwnedNote } from './reviewModel';

export interface TaskCardProps {
  readonly task: TaskSpec;
  readonly tasks: readonly TaskSpec[];
  readonly models: readonly string[];
  readonly onEdit: (edit: PlanEditMessage) => void;
}

const DEFAULT_MODEL = '';

/** Characters of an owned path before its middle is cut (a row of a 300 px sidebar, beside "Move to…"). */
const OWNED_PATH_CHARS = 22;

/** A select that acts once and resets: its first option is the prompt ("Move to…"). */
function ActionSelect({
  label,
  prompt,
  options,
  onPick,
  className,
}: {
  readonly label: string;
  readonly prompt: string;
  readonly options: readonly TaskSpec[];
  readonly onPick: (taskId: string) => void;
  readonly className: string;
}) {
  if (options.length === 0) return null;
  return (
    <select className={`ui-select ${className}`} aria-label={label} value="" onChange={(e) => e.currentTarget.value && onPick(e.currentTarget.value)}>
      <option value="">{prompt}</option>
      {options.map((t) => (
        <option key={t.id} value={t.id}>
          {t.title} ({t.id})
        </option>
      ))}
    </select>
  );
}

/** "sensitive", with why as its tooltip and accessible description, on an execution-sensitive owned path. */
function SensitiveBadge({ path }: { readonly path: string }) {
  const note = sensitiveOwnedNote(path);
  if (note === undefined) return null;
  return (
    <span className="chip review-sensitive" title={note}>
      sensitive<span className="visually-hidden">: {note}</span>
    </span>
  );
}

function titleOf(tasks: readonly TaskSpec[], id: string): string {
  return tasks.find((t) => t.id === id)?.title ?? id;
}

/**
 * One task of the plan: its essentials (role, title, owned files, what it waits for, instructions on
 * demand); the editing controls (model, moving a file, merging, removing) appear after "Edit".
 */
export function TaskCard({ task, tasks, models, onEdit }: TaskCardProps) {
  const [editing, setEditing] = useState(false);
  const titleId = `task-${task.id}-title`;
  const modelId = `task-${task.id}-model`;
  const modelChoices = task.model && !models.includes(task.model) ? [task.model, ...models] : models;
  const targets = ownershipTargets(task, tasks);
  return (
    <li className="review-task" aria-labelledby={titleId}>
      {/* The title has the card's whole width; role, id and Edit share the line under it. */}
      <div className="review-task-head">
        <h3 id={titleId} className="review-task-title">
          {task.title}
        </h3>
        <span className="chip review-role">{task.role}</span>
        <code className="review-task-id">{task.id}</code>
        <button
          type="button"
          className="ui-button secondary small review-edit"
          aria-expanded={editing}
          aria-label={editing ? `Done editing ${task.title}` : `Edit ${task.title}`}
          onClick={() => setEditing((was) => !was)}
        >
          {editing ? 'Done' : 'Edit'}
        </button>
      </div>

      {editing ? (
        <div className="review-task-row">
          <label className="review-key" htmlFor={modelId}>
            Model
          </label>
          <select
            id={modelId}
            className="ui-select"
            value={task.model ?? DEFAULT_MODEL}
            onChange={(e) => onEdit({ kind: 'setModel', taskId: task.id, ...(e.currentTarget.value ? { model: e.currentTarget.value } : {}) })}
          >
            <option value={DEFAULT_MODEL}>Default for {task.role}</option>
            {modelChoices.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
      ) : task.model ? (
        <div className="review-task-row">
          <span className="review-key">Model</span> <code>{task.model}</code>
        </div>
      ) : null}

      <div className="review-task-row review-task-block">
        <span className="review-key">Owns</span>
        {isWritingTask(task) && task.owns.length > 0 ? (
          <ul className="review-owned" aria-label={`Files ${task.title} owns`}>
            {task.owns.map((path) => (
              <li key={path}>
                <code className="review-path" title={path}>
                  {cutPathMiddle(path, OWNED_PATH_CHARS)}
                </code>
                <SensitiveBadge path={path} />
                {editing ? (
                  <ActionSelect
                    className="compact"
                    label={`Move ${path} to another task`}
                    prompt="Move to…"
                    options={targets}
                    onPick={(to) => onEdit({ kind: 'moveOwnership', path, from: task.id, to })}
                  />
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <span className="review-none">{isWritingTask(task) ? 'No files yet' : 'Nothing: it reviews the combined change'}</span>
        )}
      </div>

      <div className="review-task-row">
        <span className="review-key">After</span>{' '}
        <span className={task.dependsOn.length > 0 ? '' : 'review-none'}>
          {task.dependsOn.length > 0 ? task.dependsOn.map((id) => titleOf(tasks, id)).join(', ') : 'Starts with its phase'}
        </span>
      </div>

      <details className="review-instructions">
        <summary>Instructions</summary>
        <pre>{task.instructions}</pre>
      </details>

      {editing ? (
        <div className="review-task-actions">
          <ActionSelect
            className="merge"
            label={`Merge ${task.title} into another task`}
            prompt="Merge into…"
            options={mergeTargets(task, tasks)}
            onPick={(into) => onEdit({ kind: 'mergeTasks', into, from: [task.id] })}
          />
          <button
            type="button"
            className="ui-button secondary small"
            aria-label={`Remove task ${task.title}`}
            onClick={() => onEdit({ kind: 'removeTask', taskId: task.id })}
          >
            Remove
          </button>
        </div>
      ) : null}
    </li>
  );
}
