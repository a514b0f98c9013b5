// Seed 001 documents Taro's UploadTask signatures without a code sample; this is the
// smallest code using exactly the documented members, on Taro's own API:
//   progress(callback: OnProgressUpdateCallback) => void
//   headersReceived(callback: OnHeadersReceivedCallback) => void
//   onProgressUpdate / offProgressUpdate / onHeadersReceived / offHeadersReceived / abort
const uploadTask = Taro.uploadFile({
  url: 'https://test.url/upload',
  filePath: tempFilePaths[0],
  name: 'file',
  success(res) {
    console.log('uploaded', res.statusCode)
  }
})
uploadTask.progress((result) => console.log('progress', result.progress, result.totalBytesSent, result.totalBytesExpectedToSend))
uploadTask.headersReceived((result) => console.log('headers', typeof result.header))
