        uploader.setSTSToken(uploadInfo, accessKeyId, accessKeySecret,secretToken);
        