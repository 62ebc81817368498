import Foundation

/// Dify's Document and indexing-status objects (API reference A.6, "Other essentials").
enum DifyDocumentJSON {
    static let stages = ["waiting", "parsing", "cleaning", "splitting", "indexing"]

    static func indexingStatus(_ phase: IndexingProgress.Phase) -> String {
        switch phase {
        case .running(let stage): stages[stage]
        case .completed: "completed"
        case .failed: "error"
        }
    }

    static func document(_ document: DifyDatasetDocuments.Document, phase: IndexingProgress.Phase) -> [String: Any] {
        let display: String
        switch phase {
        case .running(let stage): display = stage == 0 ? "queuing" : "indexing"
        case .completed: display = "available"
        case .failed: display = "error"
        }
        var error: Any = NSNull()
        if case .failed(let message) = phase { error = message }
        return [
            "id": document.id, "position": document.position, "data_source_type": "upload_file",
            "data_source_info": ["upload_file_id": FakeIdentifiers.stableUUID("upload:" + document.id)],
            "dataset_process_rule_id": FakeIdentifiers.stableUUID("rule"), "name": document.name,
            "created_from": "api", "created_by": FakeIdentifiers.stableUUID("owner"), "created_at": document.createdAt,
            "tokens": max(1, document.text.utf8.count / 3), "indexing_status": indexingStatus(phase), "error": error,
            "enabled": true, "disabled_at": NSNull(), "disabled_by": NSNull(), "archived": false,
            "display_status": display, "word_count": document.text.count, "hit_count": 0, "doc_form": "text_model",
            "doc_metadata": NSNull(),
        ]
    }

    static func status(_ document: DifyDatasetDocuments.Document, phase: IndexingProgress.Phase) -> [String: Any] {
        let segments = KnowledgeSegments.blocks(document.text).count
        let now = Int(Date().timeIntervalSince1970)
        let done = phase == .completed
        var stage = 5
        if case .running(let running) = phase { stage = running }
        func at(_ reached: Int) -> Any { stage >= reached ? now : NSNull() }
        var error: Any = NSNull()
        if case .failed(let message) = phase { error = message }
        return [
            "id": document.id, "indexing_status": indexingStatus(phase),
            "processing_started_at": at(1), "parsing_completed_at": at(2), "cleaning_completed_at": at(3),
            "splitting_completed_at": at(4), "completed_at": done ? now : NSNull(), "paused_at": NSNull(),
            "error": error, "stopped_at": NSNull(),
            "completed_segments": done ? segments : 0, "total_segments": segments,
        ]
    }
}
