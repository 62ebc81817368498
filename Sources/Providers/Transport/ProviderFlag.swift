import Foundation

/// A Bool that concurrent calls of one provider share, e.g. "this app only streams".
final class ProviderFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    var isSet: Bool { lock.withLock { value } }

    func set() { lock.withLock { value = true } }
}
