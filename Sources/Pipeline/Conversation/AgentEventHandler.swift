import Conversations
import Foundation
import Logging
import Postgres

/// Applies one `cs.agent-events` record to Postgres. Returns a rejection for a record that names
/// what aics does not have (it goes to the dead-letter topic); throws for infrastructure errors
/// (retried).
public struct AgentEventHandler: Sendable {
    let store: AgentEventStore
    let cache: ConfigCache
    let catalog: any WorkerCatalog
    let metrics: PipelineMetrics
    let logger: Logger

    public init(pool: PostgresPool, cache: ConfigCache, catalog: any WorkerCatalog, metrics: PipelineMetrics, logger: Logger) {
        self.store = AgentEventStore(pool: pool)
        self.cache = cache
        self.catalog = catalog
        self.metrics = metrics
        self.logger = logger
    }

    public func handle(_ event: AgentEvent) async throws -> InboundRejection? {
        guard try await cache.tenantExists(event.tenantID, catalog: catalog) else {
            return InboundRejection(.unknownTenant, "tenant \(event.tenantID) has no bots or bindings")
        }
        let conversation = event.conversationID ?? ""
        switch event.kind {
        case .status(let presence):
            try await store.setPresence(tenantID: event.tenantID, agentID: event.agentID, status: presence, at: event.occurredAt)
        case .message:
            try await store.agentActed(
                tenantID: event.tenantID, conversationID: conversation, agentID: event.agentID, takeover: false, at: event.occurredAt)
        case .takeover:
            try await store.agentActed(
                tenantID: event.tenantID, conversationID: conversation, agentID: event.agentID, takeover: true, at: event.occurredAt)
        case .release:
            try await store.released(tenantID: event.tenantID, conversationID: conversation, at: event.occurredAt)
        case .feedback(let suggestionID, let action, let finalText):
            guard let suggestion = try await store.suggestion(tenantID: event.tenantID, conversationID: conversation, suggestionID: suggestionID) else {
                return InboundRejection(
                    .unknownReference, "suggestion_id: no suggestion \(suggestionID) in conversation \(conversation) of tenant \(event.tenantID)")
            }
            let distance = action == .edited ? EditDistance.between(suggestion.answer, finalText ?? "") : (action == .sentAsIs ? 0 : nil)
            let latency = max(0, Int(event.occurredAt.timeIntervalSince(suggestion.createdAt) * 1000))
            try await store.recordFeedback(
                tenantID: event.tenantID, suggestionID: suggestionID, action: action, finalText: action == .edited ? finalText?.storable : nil,
                editDistance: distance, latencyMilliseconds: latency, at: event.occurredAt)
        }
        metrics.agentEvent(event.typeName)
        logger.debug("agent event applied", metadata: [
            "tenant": "\(event.tenantID)", "conversation": "\(conversation)", "agent": "\(event.agentID)", "event": "\(event.eventID)",
            "type": "\(event.typeName)",
        ])
        return nil
    }
}
