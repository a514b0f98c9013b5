         uploader.deleteFile(index);
        