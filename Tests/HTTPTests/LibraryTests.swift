import HTTP
import Testing

@Test func linksLibcurl() {
    #expect(CurlLibrary.version.contains("libcurl/"))
}

@Test func libcurlCanNegotiateHTTP2OverTLS() {
    #expect(CurlLibrary.supportsTLS)
    #expect(CurlLibrary.supportsHTTP2)
}
