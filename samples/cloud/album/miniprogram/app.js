// A photo album on Cloud Development: photos go to cloud storage, a cloud
// function records each one in the database, the album page lists them.
App({
  globalData: { env: 'album-demo-1a2b' },
  onLaunch() {
    wx.cloud.init({ env: this.globalData.env, traceUser: true });
  },
});
