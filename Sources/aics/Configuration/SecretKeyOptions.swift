import ArgumentParser
import CommandSupport
import Foundation
import Secrets

/// The operator's key that seals provider API keys in Postgres. Read from a file or the
/// environment, never from a flag value: flag values show up in `ps` and in shell history.
struct SecretKeyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "File holding the key that encrypts provider API keys (at least 32 characters; trailing line breaks are ignored). Env: AICS_SECRET_KEY holds the key itself.",
            discussion: "The key is never accepted as a flag value (it would show in `ps` and shell history). During a key rotation set AICS_SECRET_KEY_PREVIOUS to the older key(s), comma-separated.",
            valueName: "path"
        )
    )
    var secretKeyFile: String?

    /// The current key (file, else AICS_SECRET_KEY) plus AICS_SECRET_KEY_PREVIOUS.
    func secretBox() throws -> SecretBox {
        let key: String
        if let path = secretKeyFile {
            key = try Self.readKeyFile(path)
        } else if let value = Environment.value("AICS_SECRET_KEY") {
            key = value
        } else {
            throw CommandFailure("no secret key: set AICS_SECRET_KEY or pass --secret-key-file PATH (the key that encrypts provider API keys, at least \(SecretBox.minimumKeyLength) characters)")
        }
        let previous = (Environment.value("AICS_SECRET_KEY_PREVIOUS") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        do {
            return try SecretBox(key: key, previousKeys: previous)
        } catch {
            throw CommandFailure("unusable secret key: \(error)")
        }
    }

    /// A secret read from a file, without trailing line breaks.
    static func readKeyFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read the key file \(path)")
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.last?.isNewline == true { text.removeLast() }
        guard !text.isEmpty else { throw CommandFailure("the key file \(path) is empty") }
        return text
    }
}
