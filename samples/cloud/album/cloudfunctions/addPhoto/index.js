// Records an uploaded photo in the `photos` collection. Runs with the real
// wx-server-sdk (resolved from this function's node_modules, or the nearest
// parent's) against the environment the function lives in.
const cloud = require('wx-server-sdk');

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
const db = cloud.database();

exports.main = async (event) => {
  const { OPENID } = cloud.getWXContext();
  if (typeof event.fileID !== 'string' || !event.fileID.startsWith('cloud://')) throw new Error('fileID is required');
  // First photo of the environment: the collection does not exist yet.
  await db.createCollection('photos').catch(() => undefined);
  // `_openid` lets the owner read it from the phone (the collection's default permission: creator only).
  const res = await db.collection('photos').add({
    data: { _openid: OPENID, fileID: event.fileID, size: event.size || 0, createdAt: db.serverDate() },
  });
  return { id: res._id };
};
