         uploader.resumeFile(index);
        