// The package's documented usage (demo/pages/index/index.js) as functions: getSignature
// via wx.request to the developer's server, the video from wx.chooseVideo, the demo's
// progress/finish/error callbacks, cancelUpload (uploader.cancel()) and resumeUpload
// (uploader.start(): Apply again with the stored vodSessionKey, then only the missing parts).
const VodUploader = require('vod-wx-sdk-v2');

const page = { data: { fileName: '', videoFile: null, progress: 0, uploader: null } };

function getSignature(callback) {
  wx.request({
    url: 'https://appserver.mpsim.test/vod/tencent/signature',
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
      next();
    },
  });
}

function startUpload() {
  const uploader = VodUploader.start({
    mediaFile: page.data.videoFile, //必填，把chooseVideo回调的参数(file)传进来
    getSignature: getSignature, //必填，获取签名的函数
    mediaName: page.data.fileName, //选填，视频名称（不填则默认为“来自小程序”）
    chunkSize: 1024 * 1024, // passed to the bundled COS SDK: 1 MiB parts
    chunkParallelLimit: 1,
    error: function (result) {
      console.log('error', JSON.stringify(result));
    },
    progress: function (result) {
      page.data.progress = parseInt(result.percent * 100);
      console.log('progress', page.data.progress);
    },
    finish: function (result) {
      console.log('finish', 'fileId:' + result.fileId + '\nvideoName:' + result.videoName);
    },
  });
  page.data.uploader = uploader;
}

function cancelUpload() {
  page.data.uploader.cancel();
}

function resumeUpload() {
  page.data.uploader.start();
}

chooseVideo(startUpload);

module.exports = { page, cancelUpload, resumeUpload }; // harness access (the demo binds them to buttons)
