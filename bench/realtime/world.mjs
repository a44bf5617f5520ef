import { api, bulkUpload, signUp } from '../server.mjs';
import { sharp } from '../server-deps.mjs';

/**
 * The people of the realtime benchmark: photographers (each with a few processed photos in an event
 * of their own, which every signed-in person may read), likers (who like them), and
 * bystanders (whose sockets stay idle: nothing they hear of happens).
 */

/** A tiny JPEG; `index` picks its colour, so one event never receives the same bytes twice. */
function tinyPhoto(index) {
  const background = { r: (index * 37) % 256, g: 128, b: 64 };
  return sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

async function person(server, dataDir, username) {
  const token = await signUp(server, dataDir, username);
  const { json } = await api(server, 'GET', '/api/auth/me/', { token });
  return { username, token, id: json.id };
}

async function uploadPhotos(server, token, eventId, count) {
  const form = new FormData();
  for (let i = 0; i < count; i++) {
    form.append('images', new Blob([await tinyPhoto(i)], { type: 'image/jpeg' }), `photo-${i}.jpg`);
  }
  return bulkUpload(server, token, eventId, form);
}

/** Others may like a photo only once it is processed (`CO`). */
async function waitUntilProcessed(server, photographers) {
  const deadline = Date.now() + 120_000;
  for (const photographer of photographers) {
    for (const photo of photographer.photos) {
      for (;;) {
        const { json } = await api(server, 'GET', `/api/photos/${photo}/`, { token: photographer.token });
        if (json.status === 'CO') break;
        if (json.status === 'FA') throw new Error(`photo ${photo} failed processing`);
        if (Date.now() > deadline) throw new Error('photos were not processed in time');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** Signs everyone up (two at a time: argon2 is the cost), and gives each photographer its photos. */
export async function makeWorld(server, dataDir, counts, log) {
  const { photographers: photographerCount, likers: likerCount, bystanders: bystanderCount, photos } = counts;
  const names = [
    ...Array.from({ length: photographerCount }, (_, i) => `photographer${i}`),
    ...Array.from({ length: likerCount }, (_, i) => `liker${i}`),
    ...Array.from({ length: bystanderCount }, (_, i) => `bystander${i}`),
  ];
  const people = [];
  let next = 0;
  const lane = async () => {
    while (next < names.length) {
      const i = next++;
      people[i] = await person(server, dataDir, names[i]);
    }
  };
  await Promise.all([lane(), lane()]);
  const photographers = people.slice(0, photographerCount);
  const likers = people.slice(photographerCount, photographerCount + likerCount);
  const bystanders = people.slice(photographerCount + likerCount);
  log(`${people.length} accounts; uploading ${photographerCount} x ${photos} photos`);
  for (const [i, photographer] of photographers.entries()) {
    const { json: event } = await api(server, 'POST', '/api/events/', {
      token: photographer.token,
      body: { title: `Realtime benchmark ${i}` },
    });
    photographer.photos = await uploadPhotos(server, photographer.token, event.id, photos);
  }
  await waitUntilProcessed(server, photographers);
  return { photographers, likers, bystanders };
}

/**
 * `count` likes, photographer after photographer, each of a photo its liker has not liked yet
 * (`used[photographer]` counts the likes that photographer's photos have had so far, across bursts).
 */
export function planLikes(world, count, used) {
  const plan = [];
  for (let k = 0; k < count; k++) {
    const photographer = k % world.photographers.length;
    const { photos } = world.photographers[photographer];
    const u = used[photographer]++;
    const liker = world.likers[Math.floor(u / photos.length)];
    if (!liker) throw new Error('not enough likers for this many likes; the plan is miscounted');
    plan.push({ owner: photographer, photo: photos[u % photos.length], liker: liker.id, token: liker.token });
  }
  return plan;
}
