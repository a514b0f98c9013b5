        var uploader = new VODUpload({
               // Required. The ID of your Alibaba Cloud account.
               userId:"0",
               // The ID of the region where the files are to be uploaded. Default value: cn-shanghai. //eu-central-1, ap-southeast-1.
               region:"",
               // The maximum number of attempts to retry the upload upon a network exception. Default value: 3.
               retryCount: 3,
               // The intervals at which the system retries the upload upon a network exception. Default value: 2. Unit: seconds.
               retryDuration: 2,
              // This callback is fired when the upload starts.
              'onUploadstarted': function (uploadInfo) {
              },
              // This callback is fired when the upload succeeds.
              'onUploadSucceed': function (uploadInfo) {
              },
              // This callback is fired when the upload fails.
              'onUploadFailed': function (uploadInfo, code, message) {
              },
              // This callback is fired when the default or custom upload progress is reached. The progress is measured in bytes.
              'onUploadProgress': function (uploadInfo, totalSize, loadedPercent) {
              },
              // This callback is fired when the upload credential expires.
              'onUploadTokenExpired': function (uploadInfo) {
              },
              // This callback is fired when all files are uploaded.
              'onUploadEnd':function(uploadInfo){
               }
          });
        