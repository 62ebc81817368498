import CCurl
import Foundation

/// Easy handles of finished transfers, reset and kept for the next ones.
///
/// `curl_easy_init` allocates a large handle and libcurl adds its 16 KiB receive buffer on the
/// first transfer; `curl_easy_cleanup` frees both. Reusing handles saves that per request (and
/// malloc's consolidation work when thousands of requests finish at once). Any thread; a handle
/// comes back only once no multi handle holds it.
final class CurlEasyPool: @unchecked Sendable {
    private let lock = NSLock()
    private var handles: [UnsafeMutableRawPointer] = []
    private let capacity: Int

    /// - Parameter capacity: most idle handles kept; beyond it, returned handles are freed.
    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    deinit {
        for easy in handles { curl_easy_cleanup(easy) }
    }

    /// A handle with default options: a kept one or a new one; nil when libcurl cannot allocate.
    func take() -> UnsafeMutableRawPointer? {
        lock.lock()
        let easy = handles.popLast()
        lock.unlock()
        return easy ?? curl_easy_init()
    }

    /// Takes `easy` back: resets every option (live connections stay with the multi handle).
    func give(_ easy: UnsafeMutableRawPointer) {
        curl_easy_reset(easy)
        lock.lock()
        let keep = handles.count < capacity
        if keep { handles.append(easy) }
        lock.unlock()
        if !keep { curl_easy_cleanup(easy) }
    }
}
