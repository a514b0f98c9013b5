         uploader.resumeUploadWithAuth(uploadAuth);
        