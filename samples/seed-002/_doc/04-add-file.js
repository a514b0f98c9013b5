            wx.chooseVideo({
                success: function (res) {
                    var file = {url: res.tempFilePath, coverUrl: res.thumbTempFilePath};
                    var userData = '{"Vod":{}}';
                    uploader.addFile(file, null, null, null, userData)
                }
            })
        