import Catalog
import Foundation
import Postgres
import Testing

@Suite(.enabled(if: CatalogDatabase.isConfigured, "needs AICS_TEST_DATABASE_URL"))
struct BindingStoreTests {
    func makeBot(_ pool: PostgresPool, tenant: String, name: String = "faq") async throws -> Bot {
        try await BotStore(pool: pool, secretBox: CatalogDatabase.secretBox)
            .create(Bot(tenantID: tenant, name: name, settings: .local(LocalSettings())))
    }

    @Test func upsertsAndReadsBackEveryField() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let bot = try await makeBot(pool, tenant: tenant)
            let store = BindingStore(pool: pool)
            let binding = Binding(
                tenantID: tenant, accountID: "acct-1", botID: bot.id, mode: .auto, fallbackText: "稍后回复您",
                handoffKeywords: ["转人工", "human, please"], mergeWindow: .seconds(3), replyTimeout: .seconds(90),
                takeoverPause: .seconds(600), workingHoursJSON: #"{"timezone": "Asia/Shanghai"}"#
            )
            try await store.set(binding)
            #expect(try await store.list(tenantID: tenant) == [binding])

            var changed = binding
            changed.mode = .hosted
            changed.replyTimeout = nil
            changed.fallbackText = nil
            changed.handoffKeywords = []
            try await store.set(changed)
            #expect(try await store.list(tenantID: tenant) == [changed])
        }
    }

    @Test func aConversationOverrideWinsOverTheAccountBinding() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let bot = try await makeBot(pool, tenant: tenant)
            let store = BindingStore(pool: pool)
            let account = Binding(tenantID: tenant, accountID: "acct-1", botID: bot.id, mode: .hosted)
            let override = Binding(tenantID: tenant, accountID: "acct-1", conversationID: "conv-vip", botID: nil, mode: .off)
            try await store.set(account)
            try await store.set(override)

            #expect(try await store.resolve(tenantID: tenant, accountID: "acct-1", conversationID: "conv-vip") == override)
            #expect(try await store.resolve(tenantID: tenant, accountID: "acct-1", conversationID: "conv-other") == account)
            #expect(try await store.resolve(tenantID: tenant, accountID: "acct-2", conversationID: "conv-vip") == nil)
            #expect(try await store.list(tenantID: tenant) == [account, override])

            #expect(try await store.remove(tenantID: tenant, accountID: "acct-1", conversationID: "conv-vip"))
            #expect(try await store.remove(tenantID: tenant, accountID: "acct-1", conversationID: "conv-vip") == false)
            #expect(try await store.resolve(tenantID: tenant, accountID: "acct-1", conversationID: "conv-vip") == account)
        }
    }

    @Test func validatesModeAndBot() async throws {
        try await CatalogDatabase.withPool { pool in
            let tenant = CatalogDatabase.uniqueTenant()
            let foreign = try await makeBot(pool, tenant: CatalogDatabase.uniqueTenant())
            let store = BindingStore(pool: pool)
            await #expect(throws: CatalogError.botOfAnotherTenant) {
                try await store.set(Binding(tenantID: tenant, accountID: "a", botID: foreign.id, mode: .hosted))
            }
            let missing = UUID()
            await #expect(throws: CatalogError.unknownBot(missing)) {
                try await store.set(Binding(tenantID: tenant, accountID: "a", botID: missing, mode: .assist))
            }
            await #expect(throws: InputError.self) {
                try await store.set(Binding(tenantID: tenant, accountID: "a", botID: nil, mode: .hosted))
            }
            await #expect(throws: InputError.self) {
                try await store.set(Binding(tenantID: tenant, accountID: "a", botID: nil, mode: .off, mergeWindow: .seconds(601)))
            }
            await #expect(throws: InputError.self) {
                try await store.set(Binding(tenantID: tenant, accountID: "a", botID: nil, mode: .off, workingHoursJSON: "[1]"))
            }
            #expect(try await store.list(tenantID: tenant).isEmpty)
            try await store.set(Binding(tenantID: tenant, accountID: "a", botID: nil, mode: .off))
            #expect(try await store.list(tenantID: tenant).count == 1)
        }
    }

    @Test func knowsWhichTenantsExist() async throws {
        try await CatalogDatabase.withPool { pool in
            let store = BindingStore(pool: pool)
            let withBot = CatalogDatabase.uniqueTenant()
            let withBinding = CatalogDatabase.uniqueTenant()
            _ = try await makeBot(pool, tenant: withBot)
            try await store.set(Binding(tenantID: withBinding, accountID: "a", botID: nil, mode: .off))
            #expect(try await store.tenantExists(withBot))
            #expect(try await store.tenantExists(withBinding))
            #expect(try await store.tenantExists(CatalogDatabase.uniqueTenant()) == false)
        }
    }
}
