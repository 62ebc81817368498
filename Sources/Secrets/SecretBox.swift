import Crypto
import Foundation

/// Encrypts provider API keys for storage in Postgres (AES-256-GCM).
///
/// The operator's key (`AICS_SECRET_KEY`, any string of at least 32 characters) is stretched
/// with HKDF-SHA256. Every sealed value starts with a key id, so values sealed under an older key
/// still open while `previousKeys` holds it (key rotation), and the associated data binds a value
/// to its owner (e.g. "bot:42:api_key"), so a ciphertext copied onto another bot does not open.
public struct SecretBox: Sendable {
    public static let minimumKeyLength = 32

    private struct Key: Sendable {
        let id: [UInt8]
        let symmetric: SymmetricKey
    }

    private let current: Key
    private let previous: [Key]

    /// The id of the current key, as hex: what `aics` reports when checking a rotation.
    public var currentKeyID: String { current.id.map { String(format: "%02x", $0) }.joined() }

    public init(key: String, previousKeys: [String] = []) throws(SecretBoxError) {
        current = try Self.derive(key)
        previous = try previousKeys.map { key throws(SecretBoxError) in try Self.derive(key) }
    }

    private static func derive(_ text: String) throws(SecretBoxError) -> Key {
        guard text.count >= minimumKeyLength else { throw .keyTooShort(minimum: minimumKeyLength) }
        let material = SymmetricKey(data: Data(text.utf8))
        let symmetric = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: material, salt: Data("aics secret box v1".utf8), info: Data("provider secrets".utf8), outputByteCount: 32
        )
        let id = symmetric.withUnsafeBytes { Array(SHA256.hash(data: Data($0)).prefix(4)) }
        return Key(id: id, symmetric: symmetric)
    }

    /// Seals `plaintext` for `owner`. Layout: version byte, 4-byte key id, nonce, ciphertext, tag.
    public func seal(_ plaintext: String, owner: String) throws(SecretBoxError) -> [UInt8] {
        do {
            let box = try AES.GCM.seal(Data(plaintext.utf8), using: current.symmetric, authenticating: Data(owner.utf8))
            guard let combined = box.combined else { throw SecretBoxError.corrupt }
            return [1] + current.id + Array(combined)
        } catch let error as SecretBoxError {
            throw error
        } catch {
            throw .corrupt
        }
    }

    /// Opens a value sealed by `seal` under the current or a previous key.
    public func open(_ sealed: [UInt8], owner: String) throws(SecretBoxError) -> String {
        guard sealed.count > 5 + 12 + 16, sealed[0] == 1 else { throw .corrupt }
        let id = Array(sealed[1..<5])
        guard let key = ([current] + previous).first(where: { $0.id == id }) else { throw .unknownKey }
        do {
            let box = try AES.GCM.SealedBox(combined: Data(sealed[5...]))
            let plaintext = try AES.GCM.open(box, using: key.symmetric, authenticating: Data(owner.utf8))
            return String(decoding: plaintext, as: UTF8.self)
        } catch {
            throw .corrupt
        }
    }

    /// True when the value was sealed under an older key and should be sealed again.
    public func needsRotation(_ sealed: [UInt8]) -> Bool {
        sealed.count > 5 && Array(sealed[1..<5]) != current.id
    }
}

public enum SecretBoxError: Error, Equatable, CustomStringConvertible {
    case keyTooShort(minimum: Int)
    case unknownKey
    case corrupt

    public var description: String {
        switch self {
        case .keyTooShort(let minimum): "the secret key must be at least \(minimum) characters long"
        case .unknownKey: "the value was sealed with a key aics does not have (set the old key as a previous key)"
        case .corrupt: "the sealed value is corrupt or belongs to another owner"
        }
    }
}
