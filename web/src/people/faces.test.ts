import { describe, expect, it } from 'vitest';
import { boxStyle, faceAction, faceName } from './faces';

const me = { id: '1b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', face_matching: true };
const ana = { id: me.id, username: 'ana', name: 'Ana', profile_pic: null };
const bo = { id: '3b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f', username: 'bo', name: '', profile_pic: null };
const person = '0b6f3c1e-8a4d-4c2b-9e7f-1a2b3c4d5e6f';

describe('faces in the viewer', () => {
  it('names a face by its linked account, else Unnamed', () => {
    expect(faceName({ user: ana })).toBe('Ana');
    expect(faceName({ user: bo })).toBe('bo');
    expect(faceName({ user: null })).toBe('Unnamed');
  });

  it('offers "This is me" on unnamed people only, and "Not me" on my own', () => {
    expect(faceAction({ person_id: person, user: null }, me)).toBe('claim');
    expect(faceAction({ person_id: person, user: ana }, me)).toBe('release');
    expect(faceAction({ person_id: person, user: bo }, me)).toBeNull();
    expect(faceAction({ person_id: null, user: null }, me)).toBeNull();
    expect(faceAction({ person_id: person, user: null }, { ...me, face_matching: false })).toBeNull();
    expect(faceAction({ person_id: person, user: null }, undefined)).toBeNull();
  });

  it('draws a box as percentages, cut to the photo when the detector overshoots its edge', () => {
    expect(boxStyle({ x: 0.1, y: 0.2, width: 0.25, height: 0.5 })).toEqual({
      left: '10.00%',
      top: '20.00%',
      width: '25.00%',
      height: '50.00%',
    });
    expect(boxStyle({ x: 0.9, y: -0.1, width: 0.2, height: 0.3 })).toEqual({
      left: '90.00%',
      top: '0.00%',
      width: '10.00%',
      height: '20.00%',
    });
  });
});
