         uploader.setUploadAuthAndAddress(uploadInfo,uploadAuth, uploadAddress, videoId);
        