/// A value an operator gave that breaks a rule: which field, and why.
///
/// The command line and the admin API share these rules; only the spelling of the field differs
/// (`--model` on the command line, `model` in a JSON body), so the reason is a template that the
/// caller fills with its own spelling. Reasons never quote secrets.
public struct InputError: Error, Sendable, CustomStringConvertible {
    public let field: InputField
    private let reason: @Sendable (String) -> String

    /// - Parameter reason: the message, given the field's name as the caller spells it.
    public init(_ field: InputField, _ reason: @escaping @Sendable (String) -> String) {
        self.field = field
        self.reason = reason
    }

    /// The message with the field spelled as `naming` spells it.
    public func message(_ naming: InputNaming) -> String { reason(naming.name(of: field)) }

    /// The message naming the field as `name`, e.g. where a key was read from ("the file /run/key").
    public func message(naming name: String) -> String { reason(name) }

    /// The message with the field's JSON name.
    public var description: String { message(.json) }
}

/// How a surface spells field names in messages.
public enum InputNaming: Sendable {
    /// Command-line flags and variables: `--model`, `AICS_BOT_API_KEY`.
    case flag
    /// Admin API JSON members: `model`, `api_key`.
    case json

    public func name(of field: InputField) -> String {
        switch self {
        case .flag: field.flag
        case .json: field.rawValue
        }
    }
}
