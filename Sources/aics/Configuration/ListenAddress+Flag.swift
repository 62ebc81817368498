import ArgumentParser
import Observability

extension ListenAddress {
    /// `text` as HOST:PORT (`[::1]:8080` for IPv6), or a usage error naming `flag`.
    static func parse(_ text: String, flag: String) throws -> ListenAddress {
        guard let address = ListenAddress(text) else {
            throw ValidationError("\(flag) '\(text)' is not HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        return address
    }
}
