import HTTP
import Testing

@Test func linksLibcurl() {
    #expect(CurlLibrary.version.contains("libcurl/"))
}
