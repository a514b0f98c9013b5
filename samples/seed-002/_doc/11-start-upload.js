          uploader.startUpload();
        