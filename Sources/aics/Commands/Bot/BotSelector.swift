import ArgumentParser
import Catalog
import Foundation

/// Names one bot: by id, or by tenant and name.
struct BotSelector: ParsableArguments {
    @Argument(help: "The bot's id (see `aics bot list`). Or leave it out and give --tenant and --name.")
    var id: String?

    @Option(name: .long, help: "The bot's tenant (with --name).")
    var tenant: String?

    @Option(name: .long, help: "The bot's name within its tenant (with --tenant).")
    var name: String?

    func validate() throws {
        switch (id, tenant, name) {
        case (.some(let id), nil, nil):
            guard UUID(uuidString: id) != nil else { throw ValidationError("'\(id)' is not a bot id (a UUID, see `aics bot list`)") }
        case (nil, .some, .some):
            break
        default:
            throw ValidationError("name the bot by its id, or by --tenant and --name")
        }
    }

    func find(in store: BotStore) async throws -> Bot {
        if let id, let uuid = UUID(uuidString: id) {
            guard let bot = try await store.bot(id: uuid) else { throw CommandFailure("no bot with id \(id)") }
            return bot
        }
        guard let tenant, let name, let bot = try await store.bot(tenantID: tenant, name: name) else {
            throw CommandFailure("no bot named '\(name ?? "")' in tenant '\(tenant ?? "")'")
        }
        return bot
    }
}
