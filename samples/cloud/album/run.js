// The Cloud Development album, run by `mpsim replay`: a user adds an album photo
// (wx.cloud.uploadFile with progress), the addPhoto cloud function records it with
// the real wx-server-sdk, the album page lists the record and downloads the photo.
const fs = require('fs');
const path = require('path');
const { check, expectAsync } = require('../../_lib/expect');

expectAsync(async () => {
  const app = await mpsim.launch(path.join(__dirname, 'miniprogram'));
  const page = app.currentPage;
  mpsim.user.pick([0]);
  await page.tap('#choose');
  await page.waitFor('#preview');
  const photo = fs.readFileSync(mpsim.device.toHostPath(page.data.image));
  await page.tap('#upload');
  await page.waitFor('#saved', { timeout: 30000 });
  check(page.data.progress === 100, `progress reached 100 (got ${page.data.progress})`);
  const fileID = page.data.saved.fileID;
  check(/^cloud:\/\/album-demo-1a2b\./.test(fileID), `a cloud:// fileID in the app's env (got ${fileID})`);
  check(mpsim.cloud.readFile(fileID).equals(photo), 'the cloud holds the photo byte for byte');
  const records = mpsim.cloud.exportData('album-demo-1a2b').photos;
  check(records.length === 1 && records[0].fileID === fileID, 'the function recorded the fileID');

  await page.tap('#open-album');
  await page.waitFor(() => app.currentPage.route === 'pages/album/album');
  const album = app.currentPage;
  await album.waitFor('#count');
  check(album.text('#count') === '1 photos', `the album lists the photo (got ${album.text('#count')})`);
  await album.tap('.photo');
  await album.waitFor('#downloaded', { timeout: 15000 });
  const local = fs.readFileSync(mpsim.device.toHostPath(album.data.downloaded.path));
  check(local.equals(photo), 'the downloaded photo is the uploaded one');
  console.log(`cloud album: ${photo.length} bytes up as ${fileID}, recorded, listed and downloaded`);
});
