import Foundation

/// `BotSettings` ⇄ the JSON text of `bots.settings`, given the `bots.provider` column.
public enum BotSettingsCoding {
    public static func encode(_ settings: BotSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        switch settings {
        case .dify(let value): data = try encoder.encode(value)
        case .openai(let value): data = try encoder.encode(value)
        case .local(let value): data = try encoder.encode(value)
        }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(provider: ProviderKind, json: String) throws -> BotSettings {
        let decoder = JSONDecoder()
        let data = Data(json.utf8)
        switch provider {
        case .dify: return .dify(try decoder.decode(DifySettings.self, from: data))
        case .openai: return .openai(try decoder.decode(OpenAISettings.self, from: data))
        case .local: return .local(try decoder.decode(LocalSettings.self, from: data))
        }
    }

    /// Secrets as the JSON that gets sealed.
    public static func encode(_ secrets: BotSecrets) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(secrets), as: UTF8.self)
    }

    public static func decodeSecrets(_ json: String) throws -> BotSecrets {
        try JSONDecoder().decode(BotSecrets.self, from: Data(json.utf8))
    }
}
