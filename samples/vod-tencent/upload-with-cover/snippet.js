// The package's documented usage (its readme points to demo/pages/index/index.js), as page
// methods turned into functions: getSignature asks the developer's server with wx.request
// (the demo's commented-out block, pointed at our app server), the video comes from
// wx.chooseVideo, the cover from wx.chooseImage, and progress/finish/error are the demo's.
const VodUploader = require('vod-wx-sdk-v2');

const page = { data: { fileName: 'my first video', videoFile: null, coverFile: null, progress: 0, uploader: null } };

function getSignature(callback) {
  wx.request({
    url: 'https://appserver.mpsim.test/vod/tencent/signature',
    method: 'GET',
    dataType: 'json',
    success: function (res) {
      if (res.data && res.data.signature) {
        callback(res.data.signature);
      } else {
        console.log('获取签名失败');
      }
    },
  });
}

function chooseVideo(next) {
  wx.chooseVideo({
    sourceType: ['album', 'camera'],
    compressed: false,
    maxDuration: 60,
    success: function (file) {
      page.data.videoFile = file;
      console.log('add videoFile', file.tempFilePath);
      next();
    },
  });
}

function chooseCover(next) {
  wx.chooseImage({
    sourceType: ['album', 'camera'],
    count: 1,
    success: function (file) {
      page.data.coverFile = file;
      console.log('add coverFile', file.tempFilePaths[0]);
      next();
    },
  });
}

function startUpload() {
  wx.showLoading({ title: '处理中', mask: true });
  const uploader = VodUploader.start({
    mediaFile: page.data.videoFile, //必填，把chooseVideo回调的参数(file)传进来
    getSignature: getSignature, //必填，获取签名的函数
    mediaName: page.data.fileName, //选填，视频名称
    coverFile: page.data.coverFile, // 选填，视频封面
    error: function (result) {
      console.log('error', JSON.stringify(result));
      wx.hideLoading();
    },
    progress: function (result) {
      wx.hideLoading();
      page.data.progress = parseInt(result.percent * 100);
    },
    finish: function (result) {
      wx.hideLoading();
      console.log('finish', 'fileId:' + result.fileId + '\nvideoName:' + result.videoName);
    },
  });
  page.data.uploader = uploader;
}

chooseVideo(() => chooseCover(startUpload));

module.exports = { page }; // harness access (not in the demo)
