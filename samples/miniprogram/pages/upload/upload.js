const { formatBytes } = require('../../utils/format');

Page({
  data: {
    image: '',
    size: '',
    progress: 0,
    sent: '',
    uploading: false,
    result: null,
    error: '',
  },

  onLoad(query) {
    this.from = query.from || '';
  },

  choose() {
    wx.chooseImage({
      count: 1,
      sizeType: ['original'],
      sourceType: ['album'],
      success: (res) => {
        const file = res.tempFiles[0];
        this.setData({ image: file.path, size: formatBytes(file.size), progress: 0, result: null, error: '' });
      },
      fail: (err) => {
        // A cancelled chooser is not an error worth showing.
        if (err.errMsg !== 'chooseImage:fail cancel') this.setData({ error: err.errMsg });
      },
    });
  },

  upload() {
    if (!this.data.image || this.data.uploading) return;
    this.setData({ uploading: true, progress: 0, result: null, error: '' });
    this.task = wx.uploadFile({
      url: getApp().globalData.uploadUrl,
      filePath: this.data.image,
      name: 'file',
      formData: { user: 'sample', from: this.from },
      success: (res) => {
        const body = JSON.parse(res.data);
        const file = body.files[0];
        this.setData({ result: { status: res.statusCode, filename: file.filename, size: file.size, md5: file.md5, user: body.fields.user } });
      },
      fail: (err) => {
        this.setData({ error: err.errMsg });
      },
      complete: () => {
        this.task = null;
        this.setData({ uploading: false });
      },
    });
    this.task.onProgressUpdate((p) => {
      this.setData({ progress: p.progress, sent: formatBytes(p.totalBytesSent) + ' / ' + formatBytes(p.totalBytesExpectedToSend) });
    });
  },

  abort() {
    if (this.task) this.task.abort();
  },
});
