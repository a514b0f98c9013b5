cos.appendObject({
    Bucket: 'examplebucket-1250000000', /* Required */
    Region: 'COS_REGION',     /* Bucket region. Required */
    Key: 'test.txt',              /* Required */
    Body: fileObject, // Upload the file object.
    Position: 0, // The value is `0` for the first upload.
}, function(err, data) {
    console.log(err || data);
});
