Content-Length: 5

{"id"Content-Length: 2

{}Content-length:99999999999999999999

