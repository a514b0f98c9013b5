            var uploader = new VODUpload({
                   // Required. The ID of your Alibaba Cloud account.
                   userId:"0",
                   // The maximum number of attempts to retry the upload upon a network exception. Default value: 3.
                   retryCount: 3,
                   // The intervals at which the system retries the upload upon a network exception. Default value: 2. Unit: seconds.
                   retryDuration: 2,
                  // This callback is fired when the upload starts.
                  'onUploadstarted': function (uploadInfo) {
                    log("onUploadStarted:" + uploadInfo.file.name + ", endpoint:" + uploadInfo.endpoint + ", bucket:" + uploadInfo.bucket + ", object:" + uploadInfo.object);
                    // Use upload mode 1. In this mode, you must call different operations to obtain the values of the uploadAuth and uploadAddress parameters, depending on whether the uploadInfo.videoId parameter has a value.
                    if (uploadInfo.videoId) {
                        // If the uploadInfo.videoId parameter has a value, call the RefreshUploadVideo operation.
                     }
                     else{
                        // If the uploadInfo.videoId parameter does not have a value, call the CreateUploadVideo operation.
                     }
                    // Set the values of the uploadAuth, uploadAddress, and videoId parameters obtained from ApsaraVideo VOD in the SDK.
                     uploader.setUploadAuthAndAddress(uploadInfo, uploadAuth, uploadAddress,videoId);
                  },
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
                      // During implementation, call the RefreshUploadVideo operation to obtain a new value of the UploadAuth parameter based on the uploadInfo.videoId parameter.
                      // Set the new value of the uploadAuth parameter obtained from ApsaraVideo VOD in the SDK.
                      uploader.resumeUploadWithAuth(uploadAuth);
                  },
                  // This callback is fired when all files are uploaded.
                  'onUploadEnd':function(uploadInfo){
                       console.log("onUploadEnd: uploaded all the files");
                   }
              });
            