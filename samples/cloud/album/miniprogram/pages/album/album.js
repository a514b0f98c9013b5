Page({
  data: { photos: [], loaded: false, downloaded: null, error: '' },

  onLoad() {
    const db = wx.cloud.database();
    db.collection('photos')
      .orderBy('createdAt', 'desc')
      .get()
      .then((res) => this.setData({ photos: res.data.map((p) => ({ id: p._id, fileID: p.fileID, size: p.size })), loaded: true }))
      .catch((err) => this.setData({ error: err.errMsg, loaded: true }));
  },

  download(e) {
    const fileID = e.currentTarget.dataset.fileid;
    wx.cloud.downloadFile({
      fileID,
      success: (res) => this.setData({ downloaded: { fileID, path: res.tempFilePath, status: res.statusCode } }),
      fail: (err) => this.setData({ error: err.errMsg }),
    });
  },
});
