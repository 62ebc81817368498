import ArgumentParser
import Catalog
import CommandSupport
import Foundation
import HTTP
import KnowledgeSync
import Postgres

/// `aics kb sync`: makes a bot's provider hold exactly a folder's knowledge.
struct KBSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push a folder (or file) of knowledge to a bot's Dify dataset, OpenAI vector store or local knowledge base.",
        discussion: """
        Every knowledge file below --source (Markdown .md, plain text .txt read as Markdown Q&A, \
        CSV .csv, JSON Lines .jsonl; the formats of `aics kb import`) becomes one document: its \
        entries as "question" + newline + "answer" blocks separated by blank lines, named by its \
        path below the folder. After the sync the provider holds exactly these documents:
          dify    documents created (create-by-text), updated (update-by-text) and deleted in the \
        bot's dataset with its knowledge key; each write waits for indexing to complete or fail
          openai  files uploaded (purpose assistants) and attached to the bot's vector store with \
        attributes path and content_hash, waited on until completed or failed; replaced and \
        removed files are detached and deleted
          local   the entries of each file replaced, as `aics kb import` does
        Documents the provider holds that the sync did not put there are removed.

        A document whose SHA-256 is unchanged since its last successful sync is not sent again. \
        State is kept in Postgres (knowledge_sync_documents, knowledge_sync_runs) and written \
        before each provider call, so a sync that is killed can simply be run again. The plan is \
        printed first, a progress bar on standard error on a terminal (or for 20 documents and \
        more), then the report. Rate limits are waited out (retry-after, x-ratelimit-reset-*, \
        else a backoff; at most 6 tries per request).

        A bot with several datasets or vector stores needs --dataset or --vector-store. With \
        --every the sync repeats on that interval until SIGINT or SIGTERM; a Postgres advisory \
        lock per bot and the last run's start time make each interval's sync run once even when \
        several processes run the same schedule.

        Without a shared folder, the admin API takes the files instead (POST \
        /v1/bots/{bot_id}/knowledge/sync, with an optional schedule); the workers run those syncs.

        Examples:
          aics kb sync --bot 3f0c... --source ./knowledge --dry-run
          aics kb sync --tenant acme --bot support --source ./knowledge --dataset 1d2e...
          aics kb sync --tenant acme --bot support --source ./knowledge --every 1h
        Exit status: 0 when every document synced, 1 when any failed or the sync could not run.
        """
    )

    @Option(name: .long, help: ArgumentHelp("The bot: its id, or its name with --tenant.", valueName: "bot"))
    var bot: String

    @Option(name: .long, help: "The bot's tenant (needed when --bot is a name; checked when it is an id).")
    var tenant: String?

    @Option(name: .long, help: ArgumentHelp("The folder or file of knowledge to sync.", valueName: "path"))
    var source: String

    @Option(name: .long, help: ArgumentHelp("Dify bots with several datasets: the dataset to sync into.", valueName: "id"))
    var dataset: String?

    @Option(name: .long, help: ArgumentHelp("OpenAI bots with several vector stores: the one to sync into.", valueName: "id"))
    var vectorStore: String?

    @Flag(name: .long, help: "Print the plan and change nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Repeat the sync on this interval (e.g. 30m, 1h; at least 1s) until SIGINT or SIGTERM.", valueName: "duration"))
    var every: String?

    @OptionGroup(title: "Database and secret key") var database: DatabaseOptions
    @OptionGroup(title: "Database and secret key") var secretKey: SecretKeyOptions

    func validate() throws {
        if dryRun, every != nil { throw ValidationError("--dry-run and --every do not go together") }
        if UUID(uuidString: bot) == nil, tenant == nil { throw ValidationError("--bot '\(bot)' is not an id: give its --tenant too") }
    }

    func run() async throws {
        let interval = try every.map { try DurationText.parse($0, flag: "--every") }
        if let interval, interval < .seconds(1) { throw CommandFailure("--every must be at least 1s") }
        let box = try secretKey.secretBox()
        let http = try HTTPClient()
        defer { http.shutdown() }
        let pool = try database.makePool(poolSize: 3, logger: CatalogConnection.logger)
        defer { pool.shutdown() }
        let found = try await findBot(BotStore(pool: pool, secretBox: box))
        let choice: SyncTargetChoice
        switch SyncTargetChoice.choose(found, dataset: dataset, vectorStore: vectorStore) {
        case .success(let chosen): choice = chosen
        case .failure(let error): throw CommandFailure(error.description)
        }
        let engine = KnowledgeSyncEngine(target: choice.makeTarget(bot: found, httpClient: http, pool: pool), pool: pool, botID: found.id)
        let runner = SyncRunner(engine: engine, pool: pool, botID: found.id)
        let pass = KBSyncPass(
            runner: runner, display: SyncDisplay(botName: found.name, target: engine.target.label), source: source,
            dryRun: dryRun, interval: interval)
        guard let interval else {
            if try await pass.run() == false { throw ExitCode.failure }
            return
        }
        try await KBSyncSchedule.repeatUntilSignal(every: interval) { _ = try await pass.run() }
    }

    private func findBot(_ store: BotStore) async throws -> Bot {
        if let id = UUID(uuidString: bot) {
            let found = if let tenant { try await store.bot(id: id, tenantID: tenant) } else { try await store.bot(id: id) }
            guard let found else { throw CommandFailure("no bot with id \(bot)\(tenant.map { " in tenant '\($0)'" } ?? "")") }
            return found
        }
        guard let tenant, let found = try await store.bot(tenantID: tenant, name: bot) else {
            throw CommandFailure("no bot named '\(bot)' in tenant '\(tenant ?? "")'")
        }
        return found
    }
}
