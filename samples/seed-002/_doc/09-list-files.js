         uploader.listFiles();
        