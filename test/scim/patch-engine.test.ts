/** Offline: PATCH operations on user documents, in the dialects IdPs send, and their 400s. */
import { describe, expect, it } from 'vitest';
import { applyPatch } from '../../shared/scim/patch/patch-engine.js';
import { parsePatchRequest, MAX_PATCH_OPERATIONS } from '../../shared/scim/patch/patch-request.js';
import { normalizeResource } from '../../shared/scim/resource-input.js';
import { USER_RESOURCE } from '../../shared/scim/schemas/resource-types.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const base = () => ({
  userName: 'bjensen',
  active: true,
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ value: 'b@x.com', type: 'work', primary: true }],
});

/** Applies the operations and validates the result, as the service does. */
const patch = (operations: unknown[], doc: Record<string, unknown> = base()) =>
  normalizeResource(USER_RESOURCE, applyPatch(doc, parsePatchRequest({ schemas: [PATCH], Operations: operations }), { resource: USER_RESOURCE })).doc;

const fail = (operations: unknown[]) => {
  try {
    patch(operations);
  } catch (error) {
    return error as { status: number; scimType?: string; message: string };
  }
  throw new Error('patch succeeded');
};

describe('PATCH on users', () => {
  it('takes op names in any case and booleans as strings (Entra: "Replace", "False")', () => {
    expect(patch([{ op: 'Replace', path: 'active', value: 'False' }]).active).toBe(false);
    expect(patch([{ op: 'REPLACE', path: 'active', value: 'true' }]).active).toBe(true);
  });

  it('applies a path-less replace with dotted and URN-qualified keys', () => {
    const doc = patch([{ op: 'replace', value: { 'name.givenName': 'Babs', [`${ENT}:department`]: 'Tours', displayName: 'Babs J', active: 'False' } }]);
    expect(doc).toMatchObject({ name: { givenName: 'Babs', familyName: 'Jensen' }, displayName: 'Babs J', active: false, [ENT]: { department: 'Tours' } });
  });

  it('applies a path-less add of the extension object', () => {
    expect(patch([{ op: 'add', value: { [ENT]: { employeeNumber: '42', manager: 'm-1' } } }])[ENT]).toEqual({
      employeeNumber: '42',
      manager: { value: 'm-1' },
    });
  });

  it('accepts manager as a string, an object or an array of one, and clears it with an empty value', () => {
    const path = `${ENT}:manager`;
    expect(patch([{ op: 'add', path, value: 'm1' }])[ENT]).toEqual({ manager: { value: 'm1' } });
    expect(patch([{ op: 'replace', path, value: { value: 'm2' } }])[ENT]).toEqual({ manager: { value: 'm2' } });
    expect(patch([{ op: 'replace', path, value: [{ value: 'm3' }] }])[ENT]).toEqual({ manager: { value: 'm3' } });
    expect(
      patch([
        { op: 'add', path, value: 'm1' },
        { op: 'replace', path, value: '' },
      ])[ENT],
    ).toBeUndefined();
  });

  it('creates the element a filtered path names when it is absent, and updates it when present', () => {
    const created = patch([{ op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555' }]);
    expect(created.phoneNumbers).toEqual([{ type: 'mobile', value: '+1 555' }]);
    const updated = patch([{ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@x.com' }]);
    expect(updated.emails).toEqual([{ value: 'new@x.com', type: 'work', primary: true }]);
  });

  it('removes elements by filter and by value', () => {
    const two = { ...base(), emails: [...base().emails, { value: 'h@x.com', type: 'home' }] };
    expect(patch([{ op: 'remove', path: 'emails[type eq "home"]' }], two).emails).toEqual(base().emails);
    expect(patch([{ op: 'remove', path: 'emails', value: [{ value: 'h@x.com' }] }], two).emails).toEqual(base().emails);
  });

  it('demotes the old primary when a new primary value is added', () => {
    const doc = patch([{ op: 'add', path: 'emails', value: [{ value: 'n@x.com', type: 'home', primary: true }] }]);
    expect(doc.emails).toEqual([
      { value: 'b@x.com', type: 'work', primary: false },
      { value: 'n@x.com', type: 'home', primary: true },
    ]);
  });

  it('adds a single object where an array is due', () => {
    expect(patch([{ op: 'add', path: 'phoneNumbers', value: { value: '1', type: 'work' } }]).phoneNumbers).toEqual([{ value: '1', type: 'work' }]);
  });

  it('removes a sub-attribute and an attribute', () => {
    expect(patch([{ op: 'remove', path: 'name.givenName' }]).name).toEqual({ familyName: 'Jensen' });
    expect(patch([{ op: 'remove', path: 'name' }]).name).toBeUndefined();
  });

  it('discards password (SSO users) without failing', () => {
    expect(patch([{ op: 'replace', path: 'password', value: 'S3cret!' }])).toEqual(base());
  });

  it.each([
    [[{ op: 'replace', path: 'nosuch', value: 1 }], 400, 'invalidPath'],
    [[{ op: 'replace', path: 'emails[type eq "work"', value: 1 }], 400, 'invalidPath'],
    [[{ op: 'replace', path: 'name.nosuch', value: 'x' }], 400, 'invalidPath'],
    [[{ op: 'replace', path: 'id', value: 'x' }], 400, 'mutability'],
    [[{ op: 'replace', path: 'groups', value: [] }], 400, 'mutability'],
    [[{ op: 'replace', path: 'active', value: 'maybe' }], 400, 'invalidValue'],
    [[{ op: 'replace', path: 'userName', value: 42 }], 400, 'invalidValue'],
    [[{ op: 'remove' }], 400, 'noTarget'],
    [[{ op: 'remove', path: 'userName' }], 400, 'invalidValue'],
    [[{ op: 'replace', path: 'emails[value co "zzz"].type', value: 'home' }], 400, 'noTarget'],
    [[{ op: 'explode', path: 'active', value: true }], 400, 'invalidSyntax'],
    [[{ op: 'replace', value: { nosuch: 1 } }], 400, 'invalidPath'],
    [
      [
        {
          op: 'add',
          path: 'emails',
          value: [
            { value: 'a@x', primary: true },
            { value: 'b@x', primary: true },
          ],
        },
      ],
      400,
      'invalidValue',
    ],
  ])('refuses %j with %i %s', (operations, status, scimType) => {
    const error = fail(operations);
    expect(error.status).toBe(status);
    expect(error.scimType).toBe(scimType);
  });

  it('names the wrong type', () => {
    expect(fail([{ op: 'replace', path: 'active', value: 'maybe' }]).message).toBe('Attribute "active" must be a boolean, got "maybe"');
  });

  it('is all or nothing: a failing operation leaves the input document as it was', () => {
    const doc = base();
    expect(() =>
      patch(
        [
          { op: 'replace', path: 'displayName', value: 'X' },
          { op: 'replace', path: 'nosuch', value: 1 },
        ],
        doc,
      ),
    ).toThrow();
    expect(doc).toEqual(base());
  });

  it('bounds the number of operations', () => {
    const ops = Array.from({ length: MAX_PATCH_OPERATIONS + 1 }, () => ({ op: 'replace', path: 'title', value: 'x' }));
    expect(() => parsePatchRequest({ schemas: [PATCH], Operations: ops })).toThrow(`at most ${MAX_PATCH_OPERATIONS} operations`);
  });
});
