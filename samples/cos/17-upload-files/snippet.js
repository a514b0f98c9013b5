var uploadFiles = function(files) {
    var fileList = files.map(function(file) {
        return Object.assign(file, {  
            FilePath: file.path,                /* Required */
            FileSize: file.size,                 /* Required for versions earlier than v1.4.3 and optional for v1.4.3 and later */
            Bucket: 'examplebucket-1250000000', /* Required */
            Region: 'COS_REGION',     /* Bucket region. Required */
            Key: file.name,              /* Required */
            onTaskReady: function(taskId) {
              /* Based on `taskId`, you can use queue operations to cancel upload `cos.cancelTask(taskId)`, pause upload `cos.pauseTask(taskId)`, and resume upload `cos.restartTask(taskId)` */
              console.log(taskId);
            }
        });
    });
    cos.uploadFiles({
        files: fileList,
        SliceSize: 1024 * 1024 * 10,    /* Threshold (10 MB in this example) to trigger multipart upload. You can adjust it as needed. The minimum value of this parameter is 1 MB. */
        onProgress: function (info) {
            var percent = parseInt(info.percent * 10000) / 100;
            var speed = parseInt(info.speed / 1024 / 1024 * 100) / 100;
            console.log('progress:' + percent + '%; speed:' + speed + 'Mb/s;');
        },
        onFileFinish: function (err, data, options) {
            console.log(options.Key + 'upload' + (err ? 'failed' : 'completed'));
        },
    }, function (err, data) {
        console.log(err || data);
    });
}
wx.chooseMessageFile({
    count: 10,
    type: 'all',
    success: function(res) {
        uploadFiles(res.tempFiles);
    }
});
