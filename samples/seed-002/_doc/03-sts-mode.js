            var uploader = new VODUpload({
                   // The maximum number of attempts to retry the upload upon a network exception. Default value: 3.
                   retryCount: 3,
                   // The intervals at which the system retries the upload upon a network exception. Default value: 2. Unit: seconds.
                   retryDuration: 2,
                  // This callback is fired when the upload starts.
                  'onUploadstarted': function (uploadInfo) {
                    log("onUploadStarted:" + uploadInfo.file.name + ", endpoint:" + uploadInfo.endpoint + ", bucket:" + uploadInfo.bucket + ", object:" + uploadInfo.object);
                    // Obtain the STS token and specify it in the SDK.
                     uploader.setSTSToken(uploadInfo, accessKeyId, accessKeySecret, secretToken);
                  }
                  // This callback is fired when the upload succeeds.
                  'onUploadSucceed': function (uploadInfo) {
                    log("onUploadSucceed: " + uploadInfo.file.name + ", endpoint:" + uploadInfo.endpoint + ", bucket:" + uploadInfo.bucket + ", object:" + uploadInfo.object);
                  },
                  // This callback is fired when the upload fails.
                  'onUploadFailed': function (uploadInfo, code, message) {
                    log("onUploadFailed: file:" + uploadInfo.file.name + ",code:" + code + ", message:" + message);
                  },
                  // This callback is fired when the default or custom upload progress is reached. The progress is measured in bytes.
                  'onUploadProgress': function (uploadInfo, totalSize, loadedPercent) {
                      log("onUploadProgress:file:" + uploadInfo.file.name + ", fileSize:" + totalSize + ", percent:" + Math.ceil(loadedPercent * 100) + "%");
                  },
                  // This callback is fired when the upload credential expires.
                  'onUploadTokenExpired': function (uploadInfo) {
                      console.log("onUploadTokenExpired");
                      // Obtain a new STS token and uses it to resume the upload.
                      uploader.resumeUploadWithSTSToken(accessKeyId, accessKeySecret, secretToken);
                  },
                  // This callback is fired when all files are uploaded.
                  'onUploadEnd':function(uploadInfo){
                       console.log("onUploadEnd: uploaded all the files");
                   }
              });
            