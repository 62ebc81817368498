#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Logging

/// Writes one JSON object per line to standard error: `time` (UTC, RFC 3339 with milliseconds),
/// `level`, `label`, `message` and `metadata` (the logger's, its metadata provider's and the
/// line's own, in that order of precedence, nested values kept as arrays and objects).
/// Each line is one write(2), so lines of concurrent tasks never interleave.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let write: @Sendable ([UInt8]) -> Void

    public init(label: String, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil,
                write: @escaping @Sendable ([UInt8]) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let own = event.metadata { merged.merge(own) { $1 } }
        write(Self.line(time: LogTimestamp.now(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// The line's bytes, newline included.
    static func line(time: String, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> [UInt8] {
        let object: JSONValue = .object([
            "time": .string(time), "level": .string(level.rawValue), "label": .string(label), "message": .string(message),
            "metadata": .object(metadata.mapValues(json)),
        ])
        var bytes = JSONWriter.bytes(object)
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let members): .object(members.mapValues(json))
        }
    }

    public static let standardError: @Sendable ([UInt8]) -> Void = { bytes in writeToStandardError(bytes) }
}

private func writeToStandardError(_ bytes: [UInt8]) {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let written = write(2, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
