import Catalog
import JSON
import Pipeline
import Providers
import Testing

@Suite("Failover decisions")
struct FailoverTests {
    @Test("a bot marked unusable is passed over before it is asked; an active one is asked")
    func passOverByStatus() {
        #expect(Failover.passOver(status: .active) == nil)
        #expect(Failover.passOver(status: .disabled) == .disabled)
        #expect(Failover.passOver(status: .quotaExhausted) == .quotaExhausted)
        #expect(Failover.passOver(status: .credentialsInvalid) == .credentialsInvalid)
    }

    @Test("the topic schema lists exactly the reasons aics writes")
    func schemaListsEveryReason() throws {
        let schema = try #require(TopicSchemas().registry.schema(named: "cs.suggestions.schema.json"))
        let listed = schema["$defs"]?["skipped_bot"]?["properties"]?["reason"]?["enum"]?.arrayValue?.compactMap(\.stringValue)
        #expect(Set(listed ?? []) == Set(Failover.Reason.allCases.map(\.rawValue)))
    }

    @Test("the provider's failures let the next bot try; no answer, a bad request and lost memory do not")
    func reasonsAfterFailures() {
        #expect(Failover.reason(after: ProviderFailure(.quotaExhausted, message: "q")) == .quotaExhausted)
        #expect(Failover.reason(after: ProviderFailure(.invalidConfiguration, message: "k")) == .invalidConfiguration)
        #expect(Failover.reason(after: ProviderFailure(.rateLimited, message: "r")) == .rateLimited)
        #expect(Failover.reason(after: ProviderFailure(.retryLater, message: "500")) == .failedAfterRetries)
        #expect(Failover.reason(after: ProviderFailure(.retryLater, message: "open", code: ProviderCaller.circuitOpenCode)) == .circuitOpen)
        #expect(Failover.reason(after: ProviderFailure(.retryLater, message: "busy", code: ProviderCaller.providerBusyCode)) == .providerBusy)
        for kind in [ProviderFailure.Kind.noAnswer, .badRequest, .conversationMemoryInvalid] {
            #expect(Failover.reason(after: ProviderFailure(kind, message: "x")) == nil)
        }
    }

    @Test("skipped bots are on the output only when there are any, valid against the topic schemas")
    func skippedBotsOnOutputs() throws {
        var output = Output(
            id: "r-1", kind: .answer, tenantID: "t", conversationID: "c", inReplyTo: ["m"], botID: "b2", provider: "openai", text: "hi")
        #expect(try JSONParser.parse(OutputEncoder.encode(output))["skipped_bots"] == nil)
        output.skippedBots = [
            Output.SkippedBot(botID: "b1", provider: "dify", reason: Failover.Reason.quotaExhausted.rawValue),
            Output.SkippedBot(botID: "b0", provider: nil, reason: Failover.Reason.botMissing.rawValue),
        ]
        let json = try JSONParser.parse(OutputEncoder.encode(output))
        let skipped = try #require(json["skipped_bots"]?.arrayValue)
        #expect(skipped.map { $0["reason"]?.stringValue } == ["quota_exhausted", "bot_missing"])
        #expect(skipped[1]["provider"] == nil)
        let schemas = TopicSchemas()
        #expect(schemas.validator(for: "cs.replies").validate(json) == [])
        output.kind = .suggestion
        output.id = "s-1"
        #expect(schemas.validator(for: "cs.suggestions").validate(try JSONParser.parse(OutputEncoder.encode(output))) == [])
        output.skippedBots = [Output.SkippedBot(botID: "b1", provider: "dify", reason: "made_up")]
        #expect(schemas.validator(for: "cs.suggestions").validate(try JSONParser.parse(OutputEncoder.encode(output))) != [],
                "every reason aics writes is in the schema's list, and only those")
    }
}
