import Catalog
import Foundation
import Postgres
import Secrets
import Testing

@Suite(.enabled(if: CatalogDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct BotStoreTests {
    let appKey = "app-SECRETdifyKEY0123456789wxyz"
    let knowledgeKey = "dataset-SECRETknowledge0123456789"

    func difyBot(tenant: String, name: String = "support") -> Bot {
        Bot(
            tenantID: tenant, name: name,
            settings: .dify(DifySettings(baseURL: "http://dify.local/v1", responseMode: .blocking, datasetIDs: ["ds-1"])),
            secrets: BotSecrets(apiKey: appKey, knowledgeKey: knowledgeKey)
        )
    }

    @Test func createsReadsListsUpdatesAndDeletes() async throws {
        try await CatalogDatabase.withPool { pool in
            let store = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let tenant = CatalogDatabase.uniqueTenant()
            let bot = try await store.create(difyBot(tenant: tenant))
            #expect(try await store.bot(id: bot.id) == bot)
            #expect(try await store.bot(tenantID: tenant, name: "support") == bot)
            #expect(try await store.bot(tenantID: tenant, name: "nobody") == nil)

            let second = try await store.create(Bot(tenantID: tenant, name: "faq", settings: .local(LocalSettings(threshold: 0.5))))
            #expect(try await store.list(tenantID: tenant).map(\.name) == ["faq", "support"])
            #expect(try await store.list(tenantID: tenant).contains(second))

            var changed = bot
            changed.name = "sales"
            changed.settings = .openai(OpenAISettings(model: "gpt-4.1-mini", vectorStoreIDs: ["vs_1"]))
            changed.secrets = BotSecrets(apiKey: "sk-proj-NEWKEY0123456789abcd")
            changed.status = .disabled
            changed.statusReason = "paused by the operator"
            try await store.update(changed)
            #expect(try await store.bot(id: bot.id) == changed)

            #expect(try await store.delete(id: bot.id))
            #expect(try await store.delete(id: bot.id) == false)
            #expect(try await store.bot(id: bot.id) == nil)
            await #expect(throws: CatalogError.notFound) { try await store.update(changed) }
        }
    }

    @Test func refusesADuplicateNameInOneTenantOnly() async throws {
        try await CatalogDatabase.withPool { pool in
            let store = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let tenant = CatalogDatabase.uniqueTenant()
            try await store.create(difyBot(tenant: tenant))
            await #expect(throws: CatalogError.duplicateName) { try await store.create(difyBot(tenant: tenant)) }
            try await store.create(difyBot(tenant: CatalogDatabase.uniqueTenant()))
        }
    }

    @Test func storesSecretsSealedNeverInPlainText() async throws {
        try await CatalogDatabase.withPool { pool in
            let box = CatalogDatabase.secretBox
            let store = BotStore(pool: pool, secretBox: box)
            let bot = try await store.create(difyBot(tenant: CatalogDatabase.uniqueTenant()))
            let row = try await pool.query(
                "SELECT secrets, secrets_key_id, secrets_key_version, settings::text FROM bots WHERE id = $1::uuid",
                [bot.id.uuidString.lowercased()]
            )[0]
            let sealed = try row.decode(0, as: [UInt8].self)
            let raw = String(decoding: sealed, as: UTF8.self)
            #expect(!raw.contains("SECRET"))
            #expect(!sealed.isEmpty)
            #expect(try row.decode(1, as: String.self) == box.currentKeyID)
            #expect(try row.decode(2, as: Int.self) == 1)
            #expect(try !row.decode(3, as: String.self).contains("SECRET"))
            // Sealed for this bot: the same bytes do not open as another bot's secrets.
            #expect(throws: SecretBoxError.corrupt) { try box.open(sealed, owner: Bot.secretOwner(UUID())) }
        }
    }

    @Test func aBotWithoutSecretsStoresNull() async throws {
        try await CatalogDatabase.withPool { pool in
            let store = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let bot = try await store.create(Bot(tenantID: CatalogDatabase.uniqueTenant(), name: "faq", settings: .local(LocalSettings())))
            let row = try await pool.query("SELECT secrets FROM bots WHERE id = $1::uuid", [bot.id.uuidString.lowercased()])[0]
            #expect(try row.decode(0, as: [UInt8]?.self) == nil)
            #expect(try await store.bot(id: bot.id)?.secrets.isEmpty == true)
        }
    }

    @Test func aWrongKeyGivesAClearError() async throws {
        try await CatalogDatabase.withPool { pool in
            let bot = try await BotStore(pool: pool, secretBox: CatalogDatabase.secretBox).create(difyBot(tenant: CatalogDatabase.uniqueTenant()))
            let wrong = BotStore(pool: pool, secretBox: try SecretBox(key: CatalogDatabase.otherKey))
            let error = await #expect(throws: CatalogError.self) { try await wrong.bot(id: bot.id) }
            #expect(error == .secretsUnreadable(botID: bot.id, .unknownKey))
            let text = "\(error.map { "\($0)" } ?? "")"
            #expect(text.contains("AICS_SECRET_KEY"))
            #expect(text.contains(bot.id.uuidString.lowercased()))
            #expect(!text.contains(appKey))
        }
    }

    @Test func entriesListBotsWhoseSecretsDoNotOpen() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let sealedWithOld = try await BotStore(pool: pool, secretBox: CatalogDatabase.secretBox).create(difyBot(tenant: tenant, name: "old"))
            let store = BotStore(pool: pool, secretBox: try SecretBox(key: CatalogDatabase.otherKey))
            let sealedWithNew = try await store.create(difyBot(tenant: tenant, name: "new"))
            await #expect(throws: CatalogError.self) { try await store.list(tenantID: tenant) }

            let entries = try await store.entries(tenantID: tenant)
            #expect(entries.map(\.bot.name) == ["new", "old"])
            #expect(entries[0] == BotEntry(bot: sealedWithNew, secretsError: nil))
            #expect(entries[1].secretsError == .secretsUnreadable(botID: sealedWithOld.id, .unknownKey))
            #expect(entries[1].bot.secrets.isEmpty)
            #expect(entries[1].bot.settings == sealedWithOld.settings)
        }
    }

    @Test func rotatesSecretsToTheCurrentKey() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let old = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let bot = try await old.create(difyBot(tenant: tenant))
            let rotatedBox = try SecretBox(key: CatalogDatabase.otherKey, previousKeys: [CatalogDatabase.key])
            let new = BotStore(pool: pool, secretBox: rotatedBox)
            // Still readable through the previous key before rotation.
            #expect(try await new.bot(id: bot.id)?.secrets == bot.secrets)

            // Scoped to the test's tenant: other tests' bots sealed under other keys stay untouched.
            #expect(try await new.rotateSecrets(tenantID: tenant) == 1)
            #expect(try await new.rotateSecrets(tenantID: tenant) == 0)
            let onlyNew = BotStore(pool: pool, secretBox: try SecretBox(key: CatalogDatabase.otherKey))
            #expect(try await onlyNew.bot(id: bot.id)?.secrets == bot.secrets)
            let keyID = try await pool.query("SELECT secrets_key_id FROM bots WHERE id = $1::uuid", [bot.id.uuidString.lowercased()])[0]
            #expect(try keyID.decode(0, as: String.self) == rotatedBox.currentKeyID)
        }
    }

    @Test func setsStatusWithReason() async throws {
        try await CatalogDatabase.withPool { pool in
            let store = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let bot = try await store.create(difyBot(tenant: CatalogDatabase.uniqueTenant()))
            try await store.setStatus(id: bot.id, .quotaExhausted, reason: "provider said quota_exceeded")
            let stored = try #require(try await store.bot(id: bot.id))
            #expect(stored.status == .quotaExhausted)
            #expect(stored.statusReason == "provider said quota_exceeded")
            await #expect(throws: CatalogError.notFound) { try await store.setStatus(id: UUID(), .active, reason: nil) }
        }
    }

    @Test func refusesToDeleteABoundBot() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let store = BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            let bindings = BindingStore(pool: pool)
            let bot = try await store.create(difyBot(tenant: tenant))
            try await bindings.set(Binding(tenantID: tenant, accountID: "acct-1", botID: bot.id, mode: .hosted))
            try await bindings.set(Binding(tenantID: tenant, accountID: "acct-1", conversationID: "conv-1", botID: bot.id, mode: .assist))
            await #expect(throws: CatalogError.inUse(bindings: 2)) { try await store.delete(id: bot.id) }
            #expect(try await store.bot(id: bot.id) != nil)
            #expect(try await bindings.remove(tenantID: tenant, accountID: "acct-1", conversationID: "conv-1"))
            #expect(try await bindings.remove(tenantID: tenant, accountID: "acct-1", conversationID: nil))
            #expect(try await store.delete(id: bot.id))
        }
    }
}
