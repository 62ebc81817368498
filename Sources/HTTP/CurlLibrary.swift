import CCurl

/// Facts about the libcurl this build links against.
public enum CurlLibrary {
    /// libcurl's version line, e.g. "libcurl/7.88.1 OpenSSL/3.0.15 ...".
    public static var version: String { String(cString: curl_version()) }
}
