         uploader.stopUpload();
        