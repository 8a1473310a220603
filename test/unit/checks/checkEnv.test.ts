import * as assert from 'node:assert/strict';
import { checkEnvironment, isRemovedName, removedNames } from '../../../src/core/checks/checkEnv';
import { runCheckProcess } from '../../../src/core/checks/checkProcess';

/** Secrets as the host might hold them; every value is unique so a leak is found by value. */
const SECRETS: Readonly<Record<string, string>> = {
  GITHUB_TOKEN: 'leak-github-token-1',
  NPM_TOKEN: 'leak-npm-token-2',
  AWS_SECRET_ACCESS_KEY: 'leak-aws-secret-3',
  AWS_SESSION_TOKEN: 'leak-aws-session-4',
  OPENAI_API_KEY: 'leak-openai-5',
  DATABASE_PASSWORD: 'leak-db-password-6',
  SSH_AUTH_SOCK: '/tmp/leak-ssh-agent-7',
  ANTHROPIC_API_KEY: 'leak-anthropic-8',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9/leak-anthropic-url-9',
  VSCODE_IPC_HOOK: '/tmp/leak-vscode-ipc-10',
  VSCODE_PID: 'leak-vscode-pid-11',
  ELECTRON_RUN_AS_NODE: 'leak-electron-12',
  NODE_OPTIONS: '--inspect=127.0.0.1:9229 --require /tmp/leak-loader-13.js',
  npm_config__authToken: 'leak-npm-auth-14',
  npm_config__auth: 'leak-npm-auth-15',
  'npm_config_//registry.example/:_authToken': 'leak-npm-registry-16',
  npm_config_token_helper: 'leak-npm-helper-17',
  github_token: 'leak-lower-18',
  apiKey: 'leak-camel-19',
  SMTP_PASS: 'leak-smtp-20',
  PGPASSWD: 'pg-but-not-a-word', // no word boundary: kept
  GOOGLE_APPLICATION_CREDENTIALS: 'leak-gcp-21',
  SESSION_COOKIE: 'leak-cookie-22',
  SIGNING_PRIVATE_KEY: 'leak-private-23',
  DEPLOY_KEY2: 'leak-deploy-24',
  BASIC_AUTH: 'leak-basic-25',
  CLIENT_SECRET: 'leak-client-26',
};

const KEPT: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/dev',
  USER: 'dev',
  LANG: 'en_US.UTF-8',
  TMPDIR: '/tmp',
  SHELL: '/bin/bash',
  TERM: 'xterm-256color',
  KEYBOARD_LAYOUT: 'us',
  TOKENIZER_PATH: '/opt/tok',
  MONKEY: 'banana',
  PASSENGER_APP_ENV: 'test',
  NODE_ENV: 'test',
};

describe('checkEnvironment (the environment a check runs with)', () => {
  const base: NodeJS.ProcessEnv = { ...KEPT, ...SECRETS, CI: 'false', ci: 'no', FORCE_COLOR: '3' };

  it('removes secrets and editor ties and keeps the rest', () => {
    const env = checkEnvironment(base);
    for (const name of Object.keys(SECRETS)) {
      if (name === 'PGPASSWD') continue;
      assert.equal(env[name], undefined, `${name} should be removed`);
    }
    assert.equal(env.PGPASSWD, 'pg-but-not-a-word');
    for (const [name, value] of Object.entries(KEPT)) assert.equal(env[name], value, `${name} should be kept`);
  });

  it('sets CI, NO_COLOR, FORCE_COLOR and FANOUT_CHECK, one spelling each', () => {
    const env = checkEnvironment(base);
    assert.equal(env.CI, '1');
    assert.equal(env.NO_COLOR, '1');
    assert.equal(env.FORCE_COLOR, '0');
    assert.equal(env.FANOUT_CHECK, '1');
    assert.equal(env.ci, undefined);
  });

  it('leaves its input alone', () => {
    const copy = { ...base };
    checkEnvironment(base);
    assert.deepEqual(base, copy);
  });

  it('names what it removed, sorted, never the values', () => {
    const names = removedNames(base);
    const expected = Object.keys(SECRETS)
      .filter((name) => name !== 'PGPASSWD')
      .sort();
    assert.deepEqual(names, expected);
    for (const value of Object.values(SECRETS)) assert.ok(!names.includes(value));
  });

  it('matches whole words only', () => {
    assert.equal(isRemovedName('MY_API_TOKEN'), true);
    assert.equal(isRemovedName('TOKEN'), true);
    assert.equal(isRemovedName('TOKENIZERS_PARALLELISM'), false);
    assert.equal(isRemovedName('XDG_SESSION_TYPE'), true);
    assert.equal(isRemovedName('vscode_cwd'), true);
    assert.equal(isRemovedName('NPM_CONFIG_REGISTRY'), false);
  });

  (process.platform === 'win32' ? it.skip : it)('never lets a secret reach a spawned check', async () => {
    const env = checkEnvironment({ ...process.env, ...SECRETS });
    const result = await runCheckProcess({ command: 'env', cwd: process.cwd(), env, timeoutMs: 10_000, maxOutputBytes: 1024 * 1024 });
    assert.equal(result.outcome, 'passed', result.message);
    assert.match(result.output, /^FANOUT_CHECK=1$/m);
    assert.match(result.output, /^CI=1$/m);
    assert.match(result.output, /^PATH=/m);
    for (const [name, value] of Object.entries(SECRETS)) {
      if (name === 'PGPASSWD') continue;
      assert.ok(!result.output.includes(value), `the value of ${name} leaked into the check`);
      assert.ok(!result.output.includes(`${name}=`), `${name} reached the check`);
    }
  });
});
