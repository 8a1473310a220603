/**
 * The four built-in patterns: how a request is usually split. The planner uses a pattern as a
 * starting point, dropping or merging roles a request does not need.
 *
 * `research` as a pattern is for research that should leave notes in the repository: each question
 * is an implement task that reads the code and writes only its own notes file
 * (`docs/research/<slug>/<question>.md`), and the synthesis is an implement task that depends on
 * every question and owns `docs/research/<slug>.md`. Research that writes nothing is "Fanout:
 * Distribute Research" (`src/core/research/`): read-only validators side by side and a synthesis
 * call, no plan. Question roles here are therefore not `readOnly` (they own a notes file), but they
 * change no source.
 */
import type { Pattern, PatternRole } from '../types';

function role(role: string, phase: PatternRole['phase'], description: string): PatternRole {
  return { role, phase, description, readOnly: phase === 'validate' };
}

export const FEATURE_7: Pattern = {
  name: 'feature-7',
  title: 'Feature in seven roles',
  description: 'A user-facing feature: shared types first, then component, styles, hooks/utilities, tests, integration and config/docs in parallel.',
  whenToPick:
    'Pick it for a user-facing feature that touches UI, state, tests and docs together: a new page, panel, form or setting, built in parallel against shared types.',
  source: 'builtin',
  roles: [
    role(
      'Types',
      'contract',
      'The contract: the shared types and interfaces every other role codes against (e.g. src/types/<feature>.ts). Types only, exact names and fields.',
    ),
    role('Component', 'implement', 'The UI components of the feature, in their own files (e.g. src/components/<feature>/*.tsx).'),
    role('Styles', 'implement', 'The styles the components use (CSS modules, theme entries), with the class names the Component role uses.'),
    role('Hooks/utilities', 'implement', 'Hooks, state, data fetching and pure helpers (validation, formatting), each with an exact signature.'),
    role('Tests', 'implement', 'Unit and component tests for the new code, in test files only, written against the contract.'),
    role(
      'Integration',
      'implement',
      'Routing, imports and exports: owns the shared hot spots (route tables, barrel index files, package.json) and wires the feature in.',
    ),
    role('Config/docs', 'implement', 'Configuration (feature flags, settings) and documentation (docs pages, README, changelog).'),
  ],
};

export const DOMAIN: Pattern = {
  name: 'domain',
  title: 'Backend domain',
  description: 'A backend feature: the shared schema first, then middleware, model and validation, API routes, integration tests and docs.',
  whenToPick: 'Pick it for a backend feature with a schema or an API: new tables or models, endpoints, validation and the integration tests that call them.',
  source: 'builtin',
  roles: [
    role(
      'Schema and migrations',
      'contract',
      'The contract: the shared schema first (tables, columns, types the API exchanges) and the migrations that create it.',
    ),
    role('Middleware', 'implement', 'Request middleware the feature needs (auth, rate limits, parsing), in its own files.'),
    role('Model and validation', 'implement', 'The model layer (queries, persistence) and input validation, with exact function signatures.'),
    role('API routes', 'implement', 'The route handlers: paths, methods, request and response shapes from the schema, status codes.'),
    role('Integration tests', 'implement', 'Tests that call the API end to end against a test database, in test files only.'),
    role('Docs', 'implement', 'API documentation (endpoints, examples, errors) and the changelog entry.'),
  ],
};

export const REVIEW_ROLES: Pattern = {
  name: 'review-roles',
  title: 'Review roles',
  description: 'Read-only reviewers that each look at the change from one angle and report findings; nothing is written.',
  whenToPick:
    'Pick it to review a change from several angles at once (architecture, security, QA, UX, deployment); nothing is written. "Fanout: Distribute Review" does this directly for the working tree or a branch.',
  source: 'builtin',
  roles: [
    role('Architecture & performance', 'validate', 'Structure, boundaries, coupling and hot paths: report design problems and performance risks as findings.'),
    role('Security', 'validate', 'Input handling, authentication and authorisation, secrets, injection and unsafe defaults: report each risk as a finding.'),
    role(
      'QA & edge cases',
      'validate',
      'Behaviour against the request: empty, large and invalid inputs, error paths, missing tests; report each gap as a finding.',
    ),
    role('Frontend/UX', 'validate', 'Accessibility, states (loading, empty, error), copy and consistency with the existing UI; report findings.'),
    role('Deployment', 'validate', 'Configuration, migrations, feature flags, backwards compatibility and rollout risks; report findings.'),
  ],
};

export const RESEARCH: Pattern = {
  name: 'research',
  title: 'Research',
  description:
    'Parallel research questions, then one synthesis. Each question reads the code and writes only its own notes file; the synthesis depends on all of them and writes the answer.',
  whenToPick:
    'Pick it for questions about the codebase (how something works, where it lives, what a change would touch) when you want the answers kept as notes files in docs/research. "Fanout: Distribute Research" answers without writing notes files.',
  source: 'builtin',
  roles: [
    role(
      'Research question',
      'implement',
      'One task per question, running in parallel: read the code (change no source) and answer the question in docs/research/<slug>/<question>.md, citing files and lines.',
    ),
    role(
      'Synthesis',
      'implement',
      'Depends on every question task: reads their notes and writes docs/research/<slug>.md, the combined answer with recommendations and open questions.',
    ),
  ],
};

/** The built-in patterns, in the order the picker shows them. */
export const BUILTIN_PATTERNS: readonly Pattern[] = [FEATURE_7, DOMAIN, REVIEW_ROLES, RESEARCH];
