// The sample mini-program: a feature list and an upload page.
App({
  globalData: {
    // The simulator's echo server answers every multipart POST with what arrived.
    uploadUrl: 'https://echo.mpsim.test/upload',
  },
  onLaunch() {
    this.globalData.launchedAt = Date.now();
  },
});
