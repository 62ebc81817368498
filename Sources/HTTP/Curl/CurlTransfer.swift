import CCurl

/// One request as a curl easy handle, plus what its callbacks collect.
///
/// Built on the caller's thread; once submitted, only the loop thread touches it (callbacks,
/// completion), except `redactedURL` and `easy`, which never change.
final class CurlTransfer: @unchecked Sendable {
    /// Where the outcome goes: one continuation for a whole response, or a head continuation plus
    /// a body channel for a stream.
    enum Delivery {
        case whole(CheckedContinuation<HTTPResponse, any Error>)
        case stream(head: CheckedContinuation<StreamHead, any Error>?, body: BodyChannel)
    }

    struct StreamHead: Sendable {
        var status: Int
        var headers: HTTPHeaders
    }

    let easy: UnsafeMutableRawPointer
    private let handles: CurlEasyPool
    private let url: String
    private let maxResponseBytes: Int
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Set before submission; the loop thread reads and clears it.
    var delivery: Delivery?
    /// Loop thread: a cancel arrived while the transfer was not running.
    var cancelRequested = false
    /// Loop thread: the multi handle running the transfer, nil before and after.
    var shard: CurlMultiShard?

    private var status = 0
    private var headers = HTTPHeaders()
    private var body: [UInt8] = []
    private var receivedBytes = 0
    private var exceededLimit = false

    init(request: HTTPRequest, configuration: HTTPClient.Configuration, handles: CurlEasyPool) throws {
        guard let easy = handles.take() else {
            throw HTTPError.other(url: URLRedaction.redact(request.url), code: -1, reason: "curl_easy_init failed")
        }
        self.easy = easy
        self.handles = handles
        url = request.url
        maxResponseBytes = configuration.maxResponseBytes
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        try configure(request, configuration)
    }

    /// The URL as errors show it; computed when needed, which is only on failure.
    var redactedURL: String { URLRedaction.redact(url) }

    deinit {
        // The loop removed the handle from its multi before it let go of the transfer.
        handles.give(easy)
        curl_slist_free_all(headerList)
        errorBuffer.deallocate()
    }

    private func configure(_ request: HTTPRequest, _ configuration: HTTPClient.Configuration) throws {
        var failed = CURLE_OK
        func set(_ option: CURLoption, _ value: Int) {
            let code = aics_curl_easy_setopt_long(easy, option, value)
            if code != CURLE_OK { failed = code }
        }
        func set(_ option: CURLoption, _ value: String) {
            let code = aics_curl_easy_setopt_string(easy, option, value)  // libcurl copies strings
            if code != CURLE_OK { failed = code }
        }
        let context = Unmanaged.passUnretained(self).toOpaque()

        set(CURLOPT_URL, request.url)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        if request.url.utf8.prefix(6).lazy.map({ $0 | 0x20 }).elementsEqual("https:".utf8) {
            // Wait for a possible HTTP/2 connection rather than opening a second one at once.
            set(CURLOPT_PIPEWAIT, 1)
        }
        set(CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout))
        set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout))
        if let idleTimeout = request.idleTimeout {
            // Below 1 byte/s for that many seconds: libcurl's "low speed" abort, a timeout.
            set(CURLOPT_LOW_SPEED_LIMIT, 1)
            set(CURLOPT_LOW_SPEED_TIME, max(1, (Self.milliseconds(idleTimeout) + 999) / 1000))
        }
        set(CURLOPT_TCP_KEEPALIVE, 1)
        set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1)  // a proxy's CONNECT reply is not our response
        _ = aics_curl_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(configuration.maxResponseBytes))
        if let caBundlePath = configuration.caBundlePath { set(CURLOPT_CAINFO, caBundlePath) }

        _ = aics_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, context)
        _ = aics_curl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        _ = aics_curl_easy_setopt_write_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = aics_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = aics_curl_easy_setopt_write_callback(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = aics_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)

        switch request.method {
        case .get where request.body == nil: break
        case .head: set(CURLOPT_NOBODY, 1)
        case .post: break
        default: set(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
        }
        if request.method == .post || request.body != nil {
            let body = request.body ?? []
            _ = aics_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count))
            // COPYPOSTFIELDS copies POSTFIELDSIZE bytes, so the array need not outlive this call;
            // an empty body still needs a valid pointer.
            var storage = body.isEmpty ? [0] : body
            let code = storage.withUnsafeMutableBytes { bytes in
                aics_curl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, bytes.baseAddress)
            }
            if code != CURLE_OK { failed = code }
        }

        for (name, value) in request.headers {
            guard Self.isSafeHeaderText(name) && Self.isSafeHeaderText(value) && !name.isEmpty else {
                throw HTTPError.other(
                    url: redactedURL,
                    code: Int(CURLE_BAD_FUNCTION_ARGUMENT.rawValue),
                    reason: "header \(Self.isSafeHeaderText(name) ? name : "name") contains a line break or NUL"
                )
            }
            // "Name:" alone would remove a header libcurl adds; "Name;" sends it empty.
            let line = value.allSatisfy { $0 == " " || $0 == "\t" } ? "\(name);" : "\(name): \(value)"
            headerList = curl_slist_append(headerList, line)
        }
        // No "Expect: 100-continue" round trip before large bodies.
        headerList = curl_slist_append(headerList, "Expect:")
        if (request.method == .post || request.body != nil) && request.headers["Content-Type"] == nil {
            // libcurl would claim a form body; send no Content-Type unless the caller set one.
            headerList = curl_slist_append(headerList, "Content-Type:")
        }
        _ = aics_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)

        if failed != CURLE_OK {
            throw CurlErrorMapping.error(for: failed, message: "", url: url, exceededLimit: nil)
        }
    }

    /// No CR, LF or NUL: they would let a value smuggle extra header lines into the request.
    private static func isSafeHeaderText(_ text: String) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let whole = min(max(seconds, 0), Int64(Int32.max))  // about 68 years: "no limit" in practice
        return max(1, Int(whole) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    // MARK: Callbacks (loop thread)

    /// One header line as libcurl hands it over (with its CRLF), parsed on the bytes: this runs
    /// for every header of every response.
    fileprivate func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0 && (bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
        let line = UnsafeRawBufferPointer(rebasing: bytes[0..<end])
        if line.starts(with: "HTTP/".utf8) {
            // A new status line: after a 1xx, every earlier header belongs to the interim reply.
            status = Self.statusCode(ofStatusLine: line)
            headers = HTTPHeaders()
        } else if line.isEmpty {
            if status >= 200 { deliverHead() }
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            let name = Self.trimmingSpaces(line[..<colon])
            let value = Self.trimmingSpaces(line[(colon + 1)...])
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }
    }

    /// The second space-separated field of "HTTP/1.1 200 OK" or "HTTP/2 200"; 0 if it is not a number.
    private static func statusCode(ofStatusLine line: UnsafeRawBufferPointer) -> Int {
        guard let space = line.firstIndex(of: UInt8(ascii: " ")) else { return 0 }
        var code = 0
        var digits = 0
        for byte in line[(space + 1)...] {
            if byte == UInt8(ascii: " ") { break }
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") && digits < 9 else { return 0 }
            code = code * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? code : 0
    }

    private static func trimmingSpaces(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end && (bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t")) { start += 1 }
        while end > start && (bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t")) { end -= 1 }
        return bytes[start..<end]
    }

    /// Returns how many bytes were taken: all, 0 to fail (over the limit), or the pause marker.
    fileprivate func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard receivedBytes + bytes.count <= maxResponseBytes else {
            exceededLimit = true
            return 0
        }
        switch delivery {
        case .whole:
            body.append(contentsOf: bytes)
        case .stream(_, let channel):
            deliverHead()
            guard channel.receive(Array(bytes)) else { return aics_curl_writefunc_pause() }
        case nil:
            return 0
        }
        receivedBytes += bytes.count
        return bytes.count
    }

    private func deliverHead() {
        guard case .stream(let head?, let body) = delivery else { return }
        delivery = .stream(head: nil, body: body)
        head.resume(returning: StreamHead(status: status, headers: headers))
    }

    // MARK: Completion (loop thread, or the submitting thread when submission failed)

    func finish(_ code: CURLcode) {
        guard code == CURLE_OK else {
            let limit = exceededLimit || code == CURLE_FILESIZE_EXCEEDED ? maxResponseBytes : nil
            let message = String(cString: errorBuffer)
            var proxyStatus = 0
            _ = aics_curl_easy_getinfo_long(easy, CURLINFO_HTTP_CONNECTCODE, &proxyStatus)
            if proxyStatus >= 300 {
                // libcurl 7.88 reports a refused CONNECT as a receive error; it is a connect failure.
                let reason = URLRedaction.scrub(message, secretsOf: url)
                fail(.couldNotConnect(url: redactedURL, reason: "proxy answered CONNECT with \(proxyStatus): \(reason)"))
                return
            }
            fail(CurlErrorMapping.error(for: code, message: message, url: url, exceededLimit: limit))
            return
        }
        switch delivery {
        case .whole(let continuation):
            continuation.resume(returning: HTTPResponse(status: status, headers: headers, body: body))
        case .stream(_, let channel):
            deliverHead()
            channel.finish(nil)
        case nil:
            break
        }
        delivery = nil
    }

    func fail(_ error: HTTPError) {
        switch delivery {
        case .whole(let continuation):
            continuation.resume(throwing: error)
        case .stream(let head, let channel):
            head?.resume(throwing: error)
            channel.finish(error)
        case nil:
            break
        }
        delivery = nil
    }
}

private let curlWriteBody: curl_write_callback = { pointer, size, count, context in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: size * count))
}

private let curlWriteHeader: curl_write_callback = { pointer, size, count, context in
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: pointer, count: size * count))
    return size * count
}
