// JavaScript
wx.chooseImage({
  success (res) {
    const tempFilePaths = res.tempFilePaths
    wx.uploadFile({
      url: 'https://test.url/upload', // This is just an example but not a real API address.
      filePath: tempFilePaths[0],
      name: 'file',
      formData: {
      	'user': 'test'
      },
      success (res){
        const data = res.data
        //do something
      }
    })
  }
})
