// JavaScript
const uploadTask = wx.uploadFile({
  url: 'https://test.url/upload', // This is just an example but not a real API address.
  filePath: tempFilePaths[0],
  name: 'file',
  formData: {
 	 user: 'test'
  },
  success(res) {
 	 const data = res.data
  	// do something
  }
 })
  
 uploadTask.onProgressUpdate((res) => {
    console.log('Upload progress', res.progress)
    console.log('Amount of uploaded data', res.totalBytesSent)
    console.log('Total amount of data expected to be uploaded', res.totalBytesExpectedToSend)
})
uploadTask.abort() // Cancel the upload task
