import { describe, expect, it } from 'vitest';
import { boxStyle, faceAction, faceCropStyle, faceName } from './faces';

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

describe('a face cut from its photo', () => {
  it('centres the face in the frame, scaled so the face with some room fills it', () => {
    // A 100 × 100 px face at (400, 300) of a 1000 × 800 photo, in a 26 px frame: 130 px of photo.
    const style = faceCropStyle(
      { x: 0.4, y: 0.375, width: 0.1, height: 0.125 },
      { width: 1000, height: 800 },
      26,
    );
    expect(style).toEqual({ backgroundSize: '200.00px 160.00px', backgroundPosition: '-77.00px -57.00px' });
  });

  it('uses the longer side of a tall or wide box, and needs the photo size', () => {
    const tall = faceCropStyle({ x: 0, y: 0, width: 0.1, height: 0.5 }, { width: 100, height: 100 }, 65);
    expect(tall?.backgroundSize).toBe('100.00px 100.00px');
    expect(
      faceCropStyle({ x: 0, y: 0, width: 0.1, height: 0.1 }, { width: null, height: 800 }, 26),
    ).toBeNull();
  });
});
