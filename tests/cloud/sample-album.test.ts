/**
 * The Cloud Development sample (samples/cloud/album) driven as a user would:
 * pick an album photo → wx.cloud.uploadFile with progress → the addPhoto cloud
 * function (real wx-server-sdk, its own Node process) records the fileID in the
 * database → the album page lists it (client database query) → tap → the photo
 * is downloaded to the phone, byte for byte. All offline, over the simulator's
 * HTTPS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

declare const mpsim: any;

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'cloud', 'album', 'miniprogram');
const ENV = 'album-demo-1a2b';

afterEach(() => {
  mpsim.cloud.reset();
  mpsim.network.reset();
});

test('upload a photo with progress, the function stores its fileID, the album lists and downloads it', async () => {
  const app = await mpsim.launch(SAMPLE);
  const page = app.currentPage;
  expect(page.route).toBe('pages/upload/upload');

  mpsim.user.pick([0]);
  await page.tap('#choose');
  await page.waitFor('#preview');
  const photo = fs.readFileSync(mpsim.device.toHostPath(page.data.image));

  await page.tap('#upload');
  await page.waitFor('#saved', { timeout: 30000 });

  // progress events reached the page, rising to 100
  const seen: number[] = page.instance.progressSeen;
  expect(seen.length).toBeGreaterThan(1);
  expect(seen[seen.length - 1]).toBe(100);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  expect(page.data.progress).toBe(100);
  const fileID: string = page.data.saved.fileID;
  expect(fileID).toMatch(new RegExp(`^cloud://${ENV}\\.616c-${ENV}-1300000000/photos/\\d+-\\d+\\.(jpg|jpeg|png)$`));
  expect(page.text('#saved .file-id')).toBe(fileID);
  // the cloud holds the exact bytes
  expect(mpsim.cloud.readFile(fileID).equals(photo)).toBe(true);

  // the function ran in the environment with the phone's user and wrote the record
  const fnCall = mpsim.cloud.calls.find((c: any) => c.action === 'functions.invokeFunction');
  expect(fnCall).toMatchObject({ env: ENV, target: 'addPhoto', source: 'client', openid: mpsim.cloud.user().OPENID });
  expect(fnCall.code).toBeUndefined();
  const photos = mpsim.cloud.exportData(ENV).photos;
  expect(photos).toHaveLength(1);
  expect(photos[0]).toMatchObject({ fileID, _openid: mpsim.cloud.user().OPENID, size: photo.length });
  expect(mpsim.cloud.calls.some((c: any) => c.action === 'database.insertDocument' && c.source === 'function')).toBe(true);

  // the second page lists it and downloads it
  await page.tap('#open-album');
  await page.waitFor(() => app.currentPage.route === 'pages/album/album');
  const album = app.currentPage;
  await album.waitFor('#count');
  expect(album.text('#count')).toBe('1 photos');
  expect(album.text('.photo .photo-id')).toBe(fileID);
  await album.tap('.photo');
  await album.waitFor('#downloaded', { timeout: 15000 });
  const downloaded = album.data.downloaded;
  expect(downloaded.status).toBe(200);
  expect(downloaded.path).toMatch(/^wxfile:\/\/tmp_/);
  expect(fs.readFileSync(mpsim.device.toHostPath(downloaded.path)).equals(photo)).toBe(true);
  expect(album.$('#error')).toBeNull();
});

test('another user sees none of these photos (the collection is creator-only)', async () => {
  expect(mpsim.cloud.exportData(ENV).photos.length).toBeGreaterThan(0); // the first test's photo
  const before = mpsim.cloud.user();
  mpsim.cloud.setUser({ OPENID: 'o-another-user-000000000000' });
  try {
    const app = await mpsim.launch(SAMPLE, { path: 'pages/album/album' });
    const album = app.currentPage;
    await album.waitFor('#count');
    expect(album.text('#count')).toBe('0 photos');
  } finally {
    mpsim.cloud.setUser(before);
  }
});

test('a failing function shows its documented fail on the page', async () => {
  const app = await mpsim.launch(SAMPLE);
  const page = app.currentPage;
  mpsim.cloud.fault({ action: 'functions.invokeFunction', target: 'addPhoto', code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: injected' });
  mpsim.user.pick([0]);
  await page.tap('#choose');
  await page.waitFor('#preview');
  await page.tap('#upload');
  await page.waitFor('#error', { timeout: 30000 });
  expect(page.text('#error')).toBe('cloud.callFunction:fail Error: errCode: -504002 functions execute fail | errMsg: Error: injected');
  expect(page.$('#saved')).toBeNull();
});
