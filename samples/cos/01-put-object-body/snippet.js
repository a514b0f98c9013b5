// The image selecting API (wx.chooseImage) is used as an example here. For other APIs, see the official documentation of WeChat Mini Program.
wx.chooseImage({
    count: 1,
    success: function(res) {
        var file = res.tempFiles[0];
        // Get the file manager in the WeChat mini program
        var wxfs = wx.getFileSystemManager();
        wxfs.readFile({
            filePath: file.path,
            success: function (res) {
                cos.putObject({
                    Bucket: config.Bucket,
                    Region: config.Region,
                    Key: file.name,
                    Body: res.data, // Pass in the content of the file to `Body`
                }, function(err, data) {
                    console.log(err || data);
                });
            },
            fail: function(err) {
              console.error(err)
            },
        });
    },
    fail: function(err) {
      console.error(err)
    },
});
