import Glibc

/// The single timer libcurl asks for through `CURLMOPT_TIMERFUNCTION`, as a deadline on the
/// monotonic clock. Loop thread only; times are nanoseconds of `CurlTimeout.now()`.
struct CurlTimeout {
    /// Longest wait without a timer: a safety net only, libcurl sets a timer whenever it needs one.
    static let idleWaitMilliseconds: Int32 = 1000

    private var deadline: UInt64?

    /// libcurl's timer callback: `milliseconds` from `now`, or -1 to remove the timer.
    mutating func set(milliseconds: Int, now: UInt64) {
        deadline = milliseconds < 0 ? nil : now + UInt64(milliseconds) * 1_000_000
    }

    /// How long the loop may sleep: 0 when the timer is due, rounded up so that the loop does not
    /// wake just before the deadline and spin.
    func waitMilliseconds(now: UInt64) -> Int32 {
        guard let deadline else { return Self.idleWaitMilliseconds }
        guard deadline > now else { return 0 }
        let milliseconds = (deadline - now + 999_999) / 1_000_000
        return Int32(min(milliseconds, UInt64(Self.idleWaitMilliseconds)))
    }

    /// True (and the timer cleared) when it is due: the loop then tells libcurl
    /// `CURL_SOCKET_TIMEOUT`, which may set a new timer.
    mutating func takeIfDue(now: UInt64) -> Bool {
        guard let deadline, deadline <= now else { return false }
        self.deadline = nil
        return true
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
