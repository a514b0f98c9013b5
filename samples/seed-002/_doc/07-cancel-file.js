         uploader.cancelFile(index);
        