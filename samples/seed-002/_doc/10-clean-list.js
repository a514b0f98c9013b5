         uploader.cleanList();
        