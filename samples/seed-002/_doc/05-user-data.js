         var userData = '{"Vod":{"Title":"test","CateId":"234"}"}';
        