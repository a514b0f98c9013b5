Page({
  data: { image: '', progress: 0, uploading: false, saved: null, error: '' },

  choose() {
    wx.chooseMedia({
      count: 1,
      mediaType: ['image'],
      sourceType: ['album'],
      success: (res) => this.setData({ image: res.tempFiles[0].tempFilePath, size: res.tempFiles[0].size, progress: 0, saved: null, error: '' }),
      fail: (err) => {
        if (!/cancel/.test(err.errMsg)) this.setData({ error: err.errMsg });
      },
    });
  },

  upload() {
    if (!this.data.image || this.data.uploading) return;
    const ext = this.data.image.split('.').pop();
    const cloudPath = `photos/${Date.now()}-${Math.floor(Math.random() * 1e6)}.${ext}`;
    this.setData({ uploading: true, progress: 0, error: '' });
    const task = wx.cloud.uploadFile({
      cloudPath,
      filePath: this.data.image,
      success: (res) => this.record(res.fileID),
      fail: (err) => this.setData({ uploading: false, error: err.errMsg }),
    });
    this.progressSeen = [];
    task.onProgressUpdate((p) => {
      this.progressSeen.push(p.progress);
      this.setData({ progress: p.progress });
    });
  },

  record(fileID) {
    wx.cloud
      .callFunction({ name: 'addPhoto', data: { fileID, size: this.data.size } })
      .then((res) => this.setData({ uploading: false, saved: { id: res.result.id, fileID } }))
      .catch((err) => this.setData({ uploading: false, error: err.errMsg }));
  },

  openAlbum() {
    wx.navigateTo({ url: '/pages/album/album' });
  },
});
