import Foundation
import JSON
import KnowledgeSync

/// Knowledge sync plans, requests and runs as the admin API shows them.
enum SyncJSON {
    static func plan(_ plan: SyncPlan) -> JSONValue {
        .object([
            "add": .array(plan.adds.map { .string($0.path) }),
            "update": .array(plan.updates.map { .string($0.path) }),
            "remove": .array(plan.removals.map { .string($0.path ?? $0.providerID ?? "") }),
            "unchanged": .number(Double(plan.unchanged.count)),
        ])
    }

    static func source(_ source: SyncRequestStore.Source) -> JSONValue {
        var object: [String: JSONValue] = [
            "target": .string(source.target), "files": .number(Double(source.files)), "uploaded_at": .string(source.uploadedAt),
        ]
        if let every = source.everyMilliseconds { object["every_ms"] = .number(Double(every)) }
        if let due = source.nextDueAt { object["next_due_at"] = .string(due) }
        return .object(object)
    }

    static func request(_ request: SyncRequestStore.Request) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(request.id)), "target": .string(request.target), "reason": .string(request.reason),
            "status": .string(request.status), "attempts": .number(Double(request.attempts)), "requested_at": .string(request.requestedAt),
        ]
        if let finished = request.finishedAt { object["finished_at"] = .string(finished) }
        if let error = request.error { object["error"] = .string(error) }
        if let report = request.report.flatMap({ try? JSONParser.parse(Array($0.utf8)) }) { object["report"] = report }
        return .object(object)
    }

    static func run(_ run: SyncRunStore.Run) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .number(Double(run.id)), "target": .string(run.target), "source": .string(run.source), "status": .string(run.status),
            "started_at": .string(run.startedAt), "added": .number(Double(run.added)), "updated": .number(Double(run.updated)),
            "removed": .number(Double(run.removed)), "unchanged": .number(Double(run.unchanged)), "failed": .number(Double(run.failed)),
        ]
        if let finished = run.finishedAt { object["finished_at"] = .string(finished) }
        if let report = run.report.flatMap({ try? JSONParser.parse(Array($0.utf8)) }) { object["report"] = report }
        return .object(object)
    }
}
