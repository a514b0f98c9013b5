var sliceUploadFile = function (file) {
    var key = file.name;
    cos.sliceUploadFile({
        Bucket: 'examplebucket-1250000000', /* Required */
        Region: 'COS_REGION',/*Required*/
        Key: 'exampleobject',              /* Required */
        FilePath: file.path,                /* Required */
        FileSize: file.size,                        /* Optional */
        CacheControl: 'max-age=7200',               /* Optional */
        Headers: {                                  /* Optional */
            aa: 123,
        },
        Query: {                                     /* Optional */
            bb: 123,
        },
        onTaskReady: function(taskId) {              /* Optional */
            console.log(taskId);
        },
        onHashProgress: function(info) {             /* Optional */
            console.log('check hash', JSON.stringify(info));
        },
        onProgress: function(info) {                 /* Optional */
            console.log(JSON.stringify(info));
        }
    }, requestCallback);
};
wx.chooseMessageFile({
    count: 10,
    type: 'all',
    success: function(res) {
        sliceUploadFile(res.tempFiles[0]);
    }
});
