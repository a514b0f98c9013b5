var uploadFile = function(file) {
    cos.uploadFile({
        Bucket: 'examplebucket-1250000000', /* Required */
        Region: 'COS_REGION',     /* Bucket region. Required */
        Key: file.name,              /* Required */
        FilePath: file.path,                /* Required */
        FileSize: file.size,                 /* Required for versions earlier than v1.4.3 and optional for v1.4.3 and later */
        SliceSize: 1024 * 1024 * 5,     /* Threshold (5 MB in this example) to trigger multipart upload. This parameter is optional. You can adjust it as needed. The minimum value of this parameter is 1 MB.*/
        TaskReady: function(taskId) { /*Optional*/
            console.log(taskId);
        },
        onProgress: function (progressData) { /* Optional */
            console.log(JSON.stringify(progressData));
        },
        onFileFinish: function (err, data, options) {   /* Optional */
          console.log(options.Key + 'upload' + (err ? 'failed' : 'completed'));
        },
    }, function(err, data) {
        console.log(err || data);
    });
}

wx.chooseMessageFile({
   count: 10,
   type: 'all',
   success: function(res) {
       uploadFile(res.tempFiles[0]);
   }
});
