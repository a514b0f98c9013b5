import VODUpload from 'aliyun-upload-sdk-1.0.0.min.js'
