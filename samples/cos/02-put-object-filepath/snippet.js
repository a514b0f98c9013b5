// The image selecting API (wx.chooseImage) is used as an example here. For other APIs, see the official documentation of WeChat Mini Program.
wx.chooseImage({
    count: 1,
    success: function(res) {
        var file = res.tempFiles[0];
        cos.putObject({
            Bucket: config.Bucket,
            Region: config.Region,
            Key: file.name,
            FilePath: file.path,  // Pass in the file path to `FilePath`
        }, function(err, data) {
            console.log(err || data);
        });
    },
    fail: function(err) {
      console.error(err)
    },
});
