module.exports = {
    stsUrl: 'https://example.com/sts.php',
    Bucket: 'test-1250000000',
    Region: 'ap-guangzhou',
};
