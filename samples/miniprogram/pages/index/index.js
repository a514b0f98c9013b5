Page({
  data: {
    features: [
      { id: 'upload', title: 'Upload a photo', desc: 'chooseImage + uploadFile with progress', url: '/pages/upload/upload?from=index' },
      { id: 'soon', title: 'More to come', desc: '', url: '' },
    ],
  },
  onOpen(e) {
    const url = e.detail.url;
    if (!url) {
      wx.showToast({ title: 'Coming soon', icon: 'none' });
      return;
    }
    wx.navigateTo({ url });
  },
});
