import { strict as assert } from 'node:assert';
import { definedFields } from '../../../src/core/definedFields';

describe('definedFields', () => {
  it('keeps the fields that have a value, in order, and leaves out the undefined ones', () => {
    const fields = definedFields({ message: 'late', path: undefined, line: 0, summary: '', owner: null });
    assert.deepEqual(Object.keys(fields), ['message', 'line', 'summary', 'owner']);
    assert.deepEqual(fields, { message: 'late', line: 0, summary: '', owner: null });
    assert.equal('path' in fields, false);
  });

  it('spreads into an object without overwriting what is already there with undefined', () => {
    const before = { status: 'done', message: 'kept' };
    const message: string | undefined = undefined;
    assert.deepEqual({ ...before, ...definedFields({ message }) }, { status: 'done', message: 'kept' });
    assert.deepEqual({ ...before, ...definedFields({ message: 'new' }) }, { status: 'done', message: 'new' });
  });
});
